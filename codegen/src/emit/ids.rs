//! The `ids` module: identifier newtypes and the Terminology tokens.

use crate::types::TypeSpace;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn newtype(name: &str, doc: &str, example: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #ident(pub String);

        impl #ident {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for #ident {
            fn from(s: String) -> Self {
                #ident(s)
            }
        }

        impl From<&str> for #ident {
            fn from(s: &str) -> Self {
                #ident(s.to_string())
            }
        }

        impl Example for #ident {
            fn example() -> Self {
                #ident(#example.to_string())
            }
        }
    }
}

/// An id that travels as a JSON number.
fn numeric(name: &str, doc: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #ident(pub u64);

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<u64> for #ident {
            fn from(n: u64) -> Self {
                #ident(n)
            }
        }

        impl Example for #ident {
            fn example() -> Self {
                #ident(1)
            }
        }
    }
}

pub fn file(space: &TypeSpace) -> TokenStream {
    let ids = space.ids.values().map(|id| if id.numeric { numeric(&id.name, &id.doc) } else { newtype(&id.name, &id.doc, &id.example) });
    let tokens = space.tokens.iter().map(|t| {
        let example = format!("{}_1", t.name.to_ascii_lowercase());
        newtype(&t.name, &format!("{}: {}", t.term, t.definition), &example)
    });
    quote! {
        //! Identifiers, and the tokens of the spec's Terminology.
        #![allow(unused_imports)]
        use serde::{Deserialize, Serialize};
        use super::support::Example;
        #(#ids)*
        #(#tokens)*
    }
}
