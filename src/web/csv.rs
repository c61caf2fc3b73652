//! CSV for spreadsheets (RFC 4180): quoted when needed, CRLF line ends, and cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`…) made inert with a leading `'`
//! (names come from tokens and guests choose them freely).

pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::row;

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_are_neutralised() {
        assert_eq!(row(&["a", "b c"]), "a,b c\r\n");
        assert_eq!(
            row(&["Smith, Ann", "say \"hi\""]),
            "\"Smith, Ann\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(row(&["two\nlines"]), "\"two\nlines\"\r\n");
        assert_eq!(
            row(&["=HYPERLINK(\"x\")", "+1", "-2", "@a"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@a\r\n"
        );
        assert_eq!(row(&["Zoé"]), "Zoé\r\n");
    }
}
