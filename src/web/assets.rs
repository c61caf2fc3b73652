//! The stylesheet, the scripts and the operator's logo, served by jmb itself. Pages link
//! them with their content's digest in the URL (`/static/jmb.css?v=…`), so browsers may keep
//! them for a year and a new release is fetched at once.

use std::path::Path;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::{Error, Missing};

/// Built into the binary: what every page needs, nothing fetched from elsewhere.
const BUILT_IN: &[(&str, &str, &[u8])] = &[
    (
        "jmb.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/jmb.css"),
    ),
    (
        "jmb.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/jmb.js"),
    ),
    (
        "meet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/meet.js"),
    ),
    (
        "invitee-lookup.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/invitee-lookup.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_bytes!("../../static/icon.svg"),
    ),
];

/// Logo formats browsers show in an `<img>`, by file extension.
const LOGO_TYPES: &[(&str, &str)] = &[
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
];

const LOGO_MAX_BYTES: u64 = 512 * 1024;

/// A year: the URL changes whenever the content does.
const VERSIONED: &str = "public, max-age=31536000, immutable";
/// A link without the current digest (an old page, a typed URL): revalidate every time.
const UNVERSIONED: &str = "no-cache";
/// Opened on its own (an SVG logo can hold scripts), a file may run nothing.
const FILE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

#[derive(Debug, thiserror::Error)]
pub enum LogoError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is larger than 512 KiB")]
    TooLarge(String),
    #[error("{0} is not an .svg, .png, .jpg, .jpeg or .webp file")]
    UnknownType(String),
}

pub struct Asset {
    pub content_type: &'static str,
    pub body: Bytes,
    /// Hex digest of the body: the `v` of its URL and its ETag.
    pub version: String,
}

impl Asset {
    fn new(content_type: &'static str, body: Bytes) -> Self {
        let digest = Sha256::digest(&body);
        let version = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            content_type,
            body,
            version,
        }
    }
}

/// The logo's public name (`logo.svg`…) and content.
pub fn read_logo(path: &Path) -> Result<(String, Asset), LogoError> {
    let shown = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let content_type = LOGO_TYPES
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, t)| *t)
        .ok_or_else(|| LogoError::UnknownType(shown.clone()))?;
    let unreadable = |source| LogoError::Unreadable {
        path: shown.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > LOGO_MAX_BYTES {
        return Err(LogoError::TooLarge(shown));
    }
    let body = std::fs::read(path).map_err(unreadable)?;
    Ok((
        format!("logo.{extension}"),
        Asset::new(content_type, Bytes::from(body)),
    ))
}

pub struct Assets {
    files: Vec<(String, Asset)>,
    logo: Option<String>,
}

impl Assets {
    /// The built-in files, plus the logo when `logo_file` is not empty.
    pub fn load(logo_file: &Path) -> Result<Self, LogoError> {
        let mut files: Vec<(String, Asset)> = BUILT_IN
            .iter()
            .map(|(name, content_type, body)| {
                (
                    name.to_string(),
                    Asset::new(content_type, Bytes::from_static(body)),
                )
            })
            .collect();
        let logo = if logo_file.as_os_str().is_empty() {
            None
        } else {
            let (name, asset) = read_logo(logo_file)?;
            files.push((name.clone(), asset));
            Some(name)
        };
        Ok(Self { files, logo })
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// The URL a page links: the file's path with its current digest.
    pub fn url(&self, name: &str) -> String {
        match self.get(name) {
            Some(a) => format!("/static/{name}?v={}", a.version),
            None => format!("/static/{name}"),
        }
    }

    pub fn logo_url(&self) -> Option<String> {
        self.logo.as_deref().map(|name| self.url(name))
    }
}

fn asks_version(req: &HttpRequest) -> Option<&str> {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("v="))
}

/// `GET /static/{name}`.
pub async fn serve_asset(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let asset = state
        .assets
        .get(&name)
        .ok_or(Error::NotFound(Missing::Page))?;
    let etag = format!("\"{}\"", asset.version);
    let cache = if asks_version(&req) == Some(asset.version.as_str()) {
        VERSIONED
    } else {
        UNVERSIONED
    };
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, etag))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, FILE_POLICY));
    Ok(if unchanged {
        response.finish()
    } else {
        response
            .content_type(asset.content_type)
            .body(asset.body.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_are_linked_with_their_digest() {
        let assets = Assets::load(Path::new("")).unwrap();
        let css = assets.get("jmb.css").unwrap();
        assert_eq!(css.version.len(), 16);
        assert_eq!(
            assets.url("jmb.css"),
            format!("/static/jmb.css?v={}", css.version)
        );
        assert_ne!(css.version, assets.get("jmb.js").unwrap().version);
        assert!(assets.logo_url().is_none());
    }

    #[test]
    fn a_logo_must_be_a_small_image_file() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("Logo.SVG");
        std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        let assets = Assets::load(&svg).unwrap();
        assert!(
            assets
                .logo_url()
                .unwrap()
                .starts_with("/static/logo.svg?v=")
        );
        assert_eq!(
            assets.get("logo.svg").unwrap().content_type,
            "image/svg+xml"
        );

        let text = dir.path().join("logo.txt");
        std::fs::write(&text, "hello").unwrap();
        assert!(matches!(read_logo(&text), Err(LogoError::UnknownType(_))));
        assert!(matches!(
            read_logo(&dir.path().join("missing.png")),
            Err(LogoError::Unreadable { .. })
        ));
        let big = dir.path().join("big.png");
        std::fs::write(&big, vec![0u8; 600 * 1024]).unwrap();
        assert!(matches!(read_logo(&big), Err(LogoError::TooLarge(_))));
    }
}
