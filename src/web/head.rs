//! HEAD on every GET route (RFC 9110 §9.3.2): the request is routed as a GET, so each GET
//! route answers HEAD with the same status and headers, and actix-http leaves the body out
//! because the request on the wire was a HEAD (HTTP/1 and HTTP/2 alike). Handlers whose
//! body is costly (feeds) ask [`is_head`] and skip building it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};

/// Marks a request that arrived as HEAD.
#[derive(Clone, Copy)]
struct Head;

/// Middleware: a HEAD request goes through routing and the handler as a GET.
pub async fn route_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
        req.extensions_mut().insert(Head);
    }
    next.call(req).await
}

/// Whether the client asked only for the headers.
pub fn is_head(req: &HttpRequest) -> bool {
    req.extensions().get::<Head>().is_some()
}
