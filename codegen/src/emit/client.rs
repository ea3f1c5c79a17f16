//! The `client` module (cargo feature `client`): a small typed async HTTP
//! client over reqwest, one method per endpoint, answers read into the
//! endpoint's response type and error bodies into [`ErrorBody`].
//!
//! Invariant: every method goes through `Client::send_request`, so what travels where
//! is decided by the request type's `Request` impl alone.

use super::has_module;
use crate::model::Status;
use crate::types::TypeSpace;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The client's own methods; an endpoint of the same name gets a `_`.
const OWN_METHODS: &[&str] = &["new", "with_http", "with_token", "set_token", "token", "send_request"];

fn method_name(endpoint: &str) -> String {
    if OWN_METHODS.contains(&endpoint) {
        format!("{endpoint}_")
    } else {
        endpoint.to_string()
    }
}

/// A dotted key (`error.code`) as the path of keys the client walks.
fn key_path(key: Option<String>) -> TokenStream {
    let keys: Vec<String> = key.map(|k| k.split('.').map(str::to_string).collect()).unwrap_or_default();
    quote!(&[#(#keys),*])
}

pub fn file(space: &TypeSpace) -> TokenStream {
    let (code_path, message_path) = (key_path(space.errors.code_key()), key_path(space.errors.message_key()));
    let code_doc = match space.errors.code_key() {
        Some(k) => format!(" The error code, for programs (`{k}` of the body)."),
        None => " The error code, for programs: this spec's errors carry none, so always `None`.".to_string(),
    };
    let message_doc = match space.errors.message_key() {
        Some(k) => format!(" What went wrong, for people (`{k}` of the body, or the whole answer when it is not JSON)."),
        None => " What went wrong, for people (the whole answer when it is not JSON).".to_string(),
    };
    let methods = space.apis.iter().filter(|a| has_module(a) && a.status != Status::Todo).flat_map(|api| {
        let module = format_ident!("{}", api.module);
        let cfg = api.status.feature().map(|f| quote!(#[cfg(feature = #f)]));
        api.endpoints.iter().map(move |e| {
            let name = format_ident!("{}", method_name(&e.name));
            let (req, resp) = (format_ident!("{}", e.request.name), format_ident!("{}", e.response.name));
            let doc = format!(" `{} {}`: {} ({}).", e.method, e.path, e.operation, api.title);
            quote! {
                #cfg
                #[doc = #doc]
                pub async fn #name(&self, request: &super::#module::#req) -> Result<super::#module::#resp, Error> {
                    self.send_request(request).await
                }
            }
        })
    });
    quote! {
        //! A typed async HTTP client: one method per endpoint (cargo feature
        //! `client`). Answers are read into the endpoint's response type, so an
        //! answer that does not fit it is an [`Error::Decode`].
        use super::support::{Method, Request};

        /// Why a call failed.
        #[derive(Debug)]
        pub enum Error {
            /// The request did not reach the server, or its answer could not be read.
            Http(reqwest::Error),
            /// The server answered with an error status.
            Api { status: u16, body: ErrorBody },
            /// A success whose body does not fit the response type.
            Decode { status: u16, body: String, message: String },
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Http(e) => write!(f, "HTTP: {e}"),
                    Error::Api { status, body } => {
                        write!(f, "{status} {}: {}", body.code().unwrap_or("(no code)"), body.message().unwrap_or("(no message)"))
                    }
                    Error::Decode { status, message, body } => {
                        write!(f, "a {status} answer does not fit the response type: {message}: {body}")
                    }
                }
            }
        }

        impl std::error::Error for Error {}

        /// An error answer as the server sent it: its code and message are
        /// read from where the spec puts them.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct ErrorBody {
            /// The body as it came (text that is not JSON as a string).
            pub json: serde_json::Value,
        }

        impl ErrorBody {
            #[doc = #code_doc]
            pub fn code(&self) -> Option<&str> {
                self.at(#code_path)
            }

            #[doc = #message_doc]
            pub fn message(&self) -> Option<&str> {
                self.at(#message_path).or(self.json.as_str())
            }

            fn at(&self, path: &[&str]) -> Option<&str> {
                if path.is_empty() {
                    return None;
                }
                path.iter().try_fold(&self.json, |v, k| v.get(k))?.as_str()
            }
        }

        /// A client of one server.
        #[derive(Debug, Clone)]
        pub struct Client {
            http: reqwest::Client,
            base: String,
            token: Option<String>,
        }

        impl Client {
            /// A client of the server at `base_url` (`http://127.0.0.1:8008`);
            /// endpoint paths are appended to it.
            pub fn new(base_url: impl Into<String>) -> Self {
                Client::with_http(reqwest::Client::new(), base_url)
            }

            /// The same, over a reqwest client of your own (timeouts, proxies).
            pub fn with_http(http: reqwest::Client, base_url: impl Into<String>) -> Self {
                Client { http, base: base_url.into().trim_end_matches('/').to_string(), token: None }
            }

            /// Sends this access token (as `Authorization: Bearer`) to every
            /// endpoint that needs one.
            pub fn with_token(mut self, token: impl Into<String>) -> Self {
                self.token = Some(token.into());
                self
            }

            pub fn set_token(&mut self, token: Option<String>) {
                self.token = token;
            }

            pub fn token(&self) -> Option<&str> {
                self.token.as_deref()
            }

            /// Sends any request and reads the answer into its response type.
            pub async fn send_request<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
                let mut url = format!("{}{}", self.base, request.path());
                let query = request.query();
                for (i, (k, v)) in query.iter().enumerate() {
                    url.push(if i == 0 { '?' } else { '&' });
                    url.push_str(&super::support::percent_encode(k));
                    url.push('=');
                    url.push_str(&super::support::percent_encode(v));
                }
                let method = match R::ENDPOINT.method {
                    Method::Get => reqwest::Method::GET,
                    Method::Put => reqwest::Method::PUT,
                    Method::Post => reqwest::Method::POST,
                    Method::Delete => reqwest::Method::DELETE,
                    Method::Patch => reqwest::Method::PATCH,
                };
                let mut call = self.http.request(method, url);
                if let (true, Some(token)) = (R::ENDPOINT.auth, &self.token) {
                    call = call.bearer_auth(token);
                }
                if let Some(body) = request.body() {
                    call = call.header("content-type", "application/json").body(body.to_string());
                }
                let answer = call.send().await.map_err(Error::Http)?;
                let status = answer.status().as_u16();
                let text = answer.text().await.map_err(Error::Http)?;
                if !(200..300).contains(&status) {
                    let body = ErrorBody { json: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)) };
                    return Err(Error::Api { status, body });
                }
                let json = if text.trim().is_empty() { "{}" } else { text.as_str() };
                serde_json::from_str(json).map_err(|e| Error::Decode { status, body: text.clone(), message: e.to_string() })
            }

            #(#methods)*
        }
    }
}
