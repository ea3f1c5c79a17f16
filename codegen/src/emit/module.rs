//! One module per API: request and response structs per endpoint, the nested
//! structs and enums they use, and their `Example` values.

use crate::model::Status;
use crate::types::{names, ApiTypes, DecimalRepr, EnumDef, Field, Location, StructDef, Ty, TypeSpace};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn field(f: &Field) -> TokenStream {
    let ident = format_ident!("{}", f.rust);
    let t = f.ty.tokens();
    let mut docs = Vec::new();
    if !f.prose.is_empty() {
        docs.push(format!(" {}", f.prose));
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    let travels = match f.location {
        Location::Path => format!(" Travels in the path, as `{{{}}}`.", f.wire),
        Location::Query => format!(" Travels in the query string, as `{}`.", f.wire),
        Location::Body => format!(" JSON key `{}`.", f.wire),
    };
    let optional_doc = if f.ty.is_option() { " Optional." } else { "" };
    let bounds = f.constraints.describe();
    let optional_doc = if bounds.is_empty() { optional_doc.to_string() } else { format!("{optional_doc} {bounds}") };
    let source = if f.from_overlay { "the bindings overlay" } else { "the spec" };
    docs.push(format!("{travels}{optional_doc} (From {source}, line {}.)", f.pos.line));
    let rename = (f.wire != f.rust).then(|| {
        let w = &f.wire;
        quote!(#[serde(rename = #w)])
    });
    let optional = f.ty.is_option().then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    // A decimal the examples write as a JSON number travels as one.
    let number = match &f.ty {
        Ty::Decimal(DecimalRepr::Number) => Some(quote!(#[serde(with = "super::support::rust_decimal::serde::float")])),
        Ty::Option(t) if **t == Ty::Decimal(DecimalRepr::Number) => {
            Some(quote!(#[serde(with = "super::support::rust_decimal::serde::float_option")]))
        }
        _ => None,
    };
    // Path and query fields are not part of the body; they are read back by
    // a server that merges them in.
    let param = (f.location != Location::Body).then(|| quote!(#[serde(skip_serializing)]));
    quote! {
        #(#[doc = #docs])*
        #rename
        #optional
        #number
        #param
        pub #ident: #t,
    }
}

/// `impl Request`: the endpoint's metadata, its response type, and the
/// fields that travel in the path or the query.
fn request_impl(e: &crate::types::Endpoint) -> TokenStream {
    let req = format_ident!("{}", e.request.name);
    let resp = format_ident!("{}", e.response.name);
    let konst = super::endpoints::const_name(e);
    let params: Vec<TokenStream> = e
        .request
        .fields
        .iter()
        .filter(|f| f.location != Location::Body)
        .map(|f| {
            let (w, i) = (&f.wire, format_ident!("{}", f.rust));
            if f.ty.is_option() {
                quote!(self.#i.as_ref().map(|v| (#w, super::support::to_json(v))))
            } else {
                quote!(Some((#w, super::support::to_json(&self.#i))))
            }
        })
        .collect();
    let body = if params.is_empty() { quote!(Vec::new()) } else { quote!([#(#params),*].into_iter().flatten().collect()) };
    quote! {
        impl super::support::Request for #req {
            const ENDPOINT: super::support::Endpoint = super::endpoints::#konst;
            type Response = #resp;
            fn params(&self) -> Vec<(&'static str, serde_json::Value)> {
                #body
            }
        }
    }
}

fn strukt(s: &StructDef, doc: &[String]) -> TokenStream {
    let ident = format_ident!("{}", s.name);
    let fields = s.fields.iter().map(field);
    let examples = s.fields.iter().map(|f| {
        let i = format_ident!("{}", f.rust);
        quote!(#i: Example::example())
    });
    quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct #ident {
            #(#fields)*
        }

        impl Example for #ident {
            fn example() -> Self {
                #ident { #(#examples),* }
            }
        }
    }
}

fn enumeration(e: &EnumDef) -> TokenStream {
    let ident = format_ident!("{}", e.name);
    let doc = format!(" {}", e.doc);
    let mut rust = names::unique(e.variants.iter().map(|(r, _)| r.clone()));
    // `Other` is the open enum's catch-all.
    for r in rust.iter_mut().filter(|r| *r == "Other") {
        r.push_str("Value");
    }
    let variants: Vec<_> = rust.iter().map(|r| format_ident!("{}", r)).collect();
    let wires: Vec<&String> = e.variants.iter().map(|(_, w)| w).collect();
    let first = &variants[0];
    if !e.open {
        return quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
            pub enum #ident {
                #(#[serde(rename = #wires)] #variants,)*
            }

            impl Example for #ident {
                fn example() -> Self {
                    #ident::#first
                }
            }
        };
    }
    quote! {
        #[doc = #doc]
        #[doc = " Open: a value the spec does not list is kept in `Other`."]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #ident {
            #(#variants,)*
            Other(String),
        }

        impl From<String> for #ident {
            fn from(s: String) -> Self {
                match s.as_str() {
                    #(#wires => #ident::#variants,)*
                    _ => #ident::Other(s),
                }
            }
        }

        impl From<#ident> for String {
            fn from(v: #ident) -> String {
                match v {
                    #(#ident::#variants => #wires.to_string(),)*
                    #ident::Other(s) => s,
                }
            }
        }

        impl Example for #ident {
            fn example() -> Self {
                #ident::#first
            }
        }
    }
}

/// The module's items (without the `mod` around them).
pub fn file(api: &ApiTypes) -> TokenStream {
    let doc = format!(" {} [{}]: spec line {}.", api.title, api.status, api.pos.line);
    let endpoints = api.endpoints.iter().map(|e| {
        let how = e.route.describe();
        let params: Vec<String> = e
            .request
            .fields
            .iter()
            .filter(|f| f.location != Location::Body)
            .map(|f| format!("`{}` in the {}", f.wire, f.location.as_str()))
            .collect();
        let travel = if params.is_empty() { String::new() } else { format!(" Parameters: {}.", params.join(", ")) };
        let req_doc = vec![
            format!(" Request of `{}`: `{} {}`.{travel}", e.name, e.method, e.path),
            String::new(),
            format!(" {} [{}], operation \"{}\", spec line {}. Route: {how}.", api.title, api.status, e.operation, e.pos.line),
        ];
        let resp_doc = vec![format!(" Response of `{}`: `{} {}`.", e.name, e.method, e.path)];
        let req = strukt(&e.request, &req_doc);
        let resp = strukt(&e.response, &resp_doc);
        let imp = request_impl(e);
        quote!(#req #imp #resp)
    });
    let nested = api.structs.values().map(|s| strukt(s, &[format!(" {}", s.doc)]));
    let enums = api.enums.values().map(enumeration);
    quote! {
        #![doc = #doc]
        #![allow(unused_imports)]
        use serde::{Deserialize, Serialize};
        use super::ids::*;
        use super::types::*;
        use super::support::{Example, OneOrMany};
        #(#endpoints)*
        #(#nested)*
        #(#enums)*
    }
}

/// The `types` module: types shared by every module (declared once in the
/// overlay, or identical in several places and merged).
pub fn shared_file(space: &TypeSpace) -> TokenStream {
    let structs = space.shared.values().map(|s| strukt(s, &[format!(" {}", s.doc)]));
    let enums = space.shared_enums.values().map(enumeration);
    quote! {
        //! Types shared by every module: declared once in the overlay, or
        //! identical in several places and merged into one.
        #![allow(unused_imports)]
        use serde::{Deserialize, Serialize};
        use super::ids::*;
        use super::support::{Example, OneOrMany};
        #(#structs)*
        #(#enums)*
    }
}

/// `tests/roundtrip.rs`: every generated type serialises and reads back equal.
pub fn roundtrip_tests(space: &TypeSpace, krate: &str) -> TokenStream {
    let krate = format_ident!("{}", krate);
    let tests: Vec<TokenStream> = space
        .apis
        .iter()
        .filter(|a| a.status != Status::Todo)
        .flat_map(|api| {
            let module = format_ident!("{}", api.module);
            let cfg = api.status.feature().map(|f| quote!(#[cfg(feature = #f)]));
            // (type, is a request): a request's path and query fields are
            // left out of its body, so it round-trips through its params.
            let types: Vec<(String, bool)> = api
                .endpoints
                .iter()
                .flat_map(|e| [(e.request.name.clone(), true), (e.response.name.clone(), false)])
                .chain(api.structs.keys().map(|k| (k.clone(), false)))
                .chain(api.enums.keys().map(|k| (k.clone(), false)))
                .collect();
            let krate = krate.clone();
            types.into_iter().map(move |(t, request)| {
                let krate = krate.clone();
                let test = format_ident!("{}_{}", api.module, heck::ToSnakeCase::to_snake_case(t.as_str()));
                let ty = format_ident!("{}", t);
                let cfg = cfg.clone();
                let check = if request { quote!(request_roundtrip) } else { quote!(roundtrip) };
                quote! {
                    #cfg
                    #[test]
                    fn #test() {
                        #check::<#krate::#module::#ty>();
                    }
                }
            })
        })
        .collect();
    let ids = space.ids.keys().chain(space.shared.keys()).chain(space.shared_enums.keys()).map(|n| format_ident!("{}", n));
    quote! {
        //! Every generated type survives a JSON round trip.
        use #krate::Example;

        #[allow(dead_code)]
        fn roundtrip<T: Example + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>() {
            let value = T::example();
            let json = serde_json::to_value(&value).expect("serialises");
            let back: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
            assert_eq!(value, back);
        }

        /// A request serialises to its body alone; with its path and query
        /// values merged back in (as a server reads them) it reads back equal.
        #[allow(dead_code)]
        fn request_roundtrip<T: #krate::Request + Example + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>() {
            let value = T::example();
            let mut json = serde_json::to_value(&value).expect("serialises");
            let body = json.as_object_mut().expect("a request is a JSON object");
            for (wire, v) in value.params() {
                assert!(!body.contains_key(wire), "`{wire}` travels in the path or query, not the body");
                body.insert(wire.to_string(), v);
            }
            let back: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
            assert_eq!(value, back);
        }

        #[test]
        fn ids_round_trip() {
            #(roundtrip::<#krate::#ids>();)*
        }

        #(#tests)*
    }
}
