//! The `endpoints` module: one metadata const per endpoint, checked at
//! compile time, and the table the mock server routes from.

use crate::model::Status;
use crate::types::{Endpoint, RouteSource, TypeSpace};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The const's name: `CREATE_ROOM` for `create_room`; `ENDPOINTS_` for an
/// endpoint named `endpoints`, as the table is `ENDPOINTS`.
pub fn const_name(e: &Endpoint) -> proc_macro2::Ident {
    match e.name.to_ascii_uppercase() {
        table if table == "ENDPOINTS" => format_ident!("ENDPOINTS_"),
        name => format_ident!("{}", name),
    }
}

fn endpoint(e: &Endpoint, section: &str, module: &str, st: Status) -> TokenStream {
    let name = const_name(e);
    let (ep_name, path, operation, line) = (&e.name, e.path.as_str(), &e.operation, e.pos.line);
    let (bound, auth) = (!matches!(e.route, RouteSource::Derived { .. }), e.auth);
    let (request, response) = if st == Status::Todo {
        (String::new(), String::new())
    } else {
        (format!("{module}::{}", e.request.name), format!("{module}::{}", e.response.name))
    };
    let params = e.request.fields.iter().map(|f| {
        let (wire, rust, loc, required) = (&f.wire, &f.rust, f.location, !f.ty.is_option());
        quote! { Param { wire: #wire, rust: #rust, location: #loc, required: #required } }
    });
    let (m, s) = (e.method, st);
    let doc = format!(" `{} {}`: {} ({}, {}), spec line {}.", e.method, e.path, operation, section, st, line);
    let check = format!("path and path parameters of `{ep_name}` differ");
    quote! {
        #[doc = #doc]
        pub const #name: Endpoint = Endpoint {
            name: #ep_name,
            method: #m,
            path: #path,
            section: #section,
            operation: #operation,
            status: #s,
            line: #line,
            bound: #bound,
            auth: #auth,
            request: #request,
            response: #response,
            params: &[#(#params),*],
        };
        const _: () = assert!(path_matches_params(#name.path, #name.params), #check);
    }
}

pub fn file(space: &TypeSpace) -> TokenStream {
    let consts = space.apis.iter().flat_map(|a| a.endpoints.iter().map(move |e| endpoint(e, &a.title, &a.module, a.status)));
    let names = space.apis.iter().flat_map(|a| a.endpoints.iter().map(const_name));
    quote! {
        //! Endpoint metadata: method, path template, section, status and spec
        //! line of every endpoint, and where each request field travels.
        #![allow(unused_imports)]
        use super::support::{path_matches_params, Endpoint, Location, Method, Param, Status};
        #(#consts)*
        /// Every endpoint of the spec, in spec order.
        pub const ENDPOINTS: &[Endpoint] = &[#(#names),*];
    }
}
