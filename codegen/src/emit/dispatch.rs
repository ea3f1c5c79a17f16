//! The `dispatch` module: an endpoint's request and response types reached
//! by the endpoint's name, through a visitor (what a server needs to validate
//! requests and build example answers without naming every type).

use super::has_module;
use crate::model::Status;
use crate::types::TypeSpace;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `cfg` of a module of this status in the crate layout (`None`: always).
fn cfg(status: Status, features: bool) -> Option<TokenStream> {
    let f = status.feature().filter(|_| features)?;
    Some(quote!(#[cfg(feature = #f)]))
}

/// `features`: whether modules sit behind cargo features (crate layout).
pub fn file(space: &TypeSpace, included: impl Fn(Status) -> bool, features: bool) -> TokenStream {
    let mut req = Vec::new();
    let mut resp = Vec::new();
    let mut examples = Vec::new();
    for api in space.apis.iter().filter(|a| has_module(a) && included(a.status)) {
        let m = format_ident!("{}", api.module);
        let c = cfg(api.status, features);
        for e in &api.endpoints {
            let (name, rq, rs) = (&e.name, format_ident!("{}", e.request.name), format_ident!("{}", e.response.name));
            req.push(quote! { #c #name => Some(v.visit::<super::#m::#rq>()), });
            resp.push(quote! { #c #name => Some(v.visit::<super::#m::#rs>()), });
            examples.push(quote! { #c #name => Some(merged(&<super::#m::#rq as Example>::example())), });
        }
    }
    quote! {
        //! Request and response types by endpoint name.
        #![allow(unused_variables)]
        use super::support::Example;

        /// Something done with a type: deserialise into it, build its example.
        pub trait TypeVisitor {
            type Output;
            fn visit<T: serde::de::DeserializeOwned + serde::Serialize + Example + 'static>(self) -> Self::Output;
        }

        /// Visits the request type of endpoint `name`; `None` when the
        /// endpoint has no types here (a TODO section, or a feature off).
        pub fn with_request<V: TypeVisitor>(name: &str, v: V) -> Option<V::Output> {
            match name {
                #(#req)*
                _ => None,
            }
        }

        /// The example request of endpoint `name` as one JSON object: its
        /// body fields and its path and query parameters, by wire name (as a
        /// server sees them once it has merged them).
        pub fn example_request(name: &str) -> Option<serde_json::Value> {
            match name {
                #(#examples)*
                _ => None,
            }
        }

        // Unused in a crate whose spec has no API yet.
        #[allow(dead_code)]
        fn merged<T: super::support::Request>(request: &T) -> serde_json::Value {
            let mut json = serde_json::to_value(request).unwrap_or_default();
            if let Some(object) = json.as_object_mut() {
                for (wire, value) in request.params() {
                    object.insert(wire.to_string(), value);
                }
            }
            json
        }

        /// Visits the response type of endpoint `name`.
        pub fn with_response<V: TypeVisitor>(name: &str, v: V) -> Option<V::Output> {
            match name {
                #(#resp)*
                _ => None,
            }
        }
    }
}
