//! Rust types written in the bindings overlay (`type = "Option<Vec<UserId>>"`)
//! read into the [`Ty`] tree once. Whatever the generated crate cannot
//! compile is refused here with the reason, so `specgen generate` never
//! exits 0 on a type that `cargo check` would then reject.

use super::{Float, Int, Ty};

/// Reads one overlay type. `Err` says what is wrong and what is supported.
pub fn parse(text: &str) -> Result<Ty, String> {
    let ty: syn::Type = syn::parse_str(text).map_err(|_| format!("`{text}` is not a Rust type"))?;
    from_syn(&ty)
}

fn from_syn(ty: &syn::Type) -> Result<Ty, String> {
    let syn::Type::Path(p) = ty else {
        return Err(format!("`{}` is not supported: use a named type, a scalar, Option, Vec, OneOrMany or BTreeMap", show(ty)));
    };
    if p.qself.is_some() {
        return Err(format!("`{}` is not supported", show(ty)));
    }
    let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let last = p.path.segments.last().ok_or_else(|| "empty type".to_string())?;
    let name = last.ident.to_string();
    let args = generic_args(&last.arguments)?;
    // A qualified path is accepted only where it names the same thing the
    // generated crate's imports do.
    let qualified = segs.len() > 1;
    let one = |args: &[syn::Type]| -> Result<Ty, String> {
        match args {
            [t] => from_syn(t),
            _ => Err(format!("`{name}` takes one type argument")),
        }
    };
    let syn_ty = ty;
    let ty = match name.as_str() {
        "bool" => Ty::Bool,
        "String" => Ty::String,
        "f32" => Ty::Float(Float::F32),
        "f64" => Ty::Float(Float::F64),
        "Value" if segs == ["serde_json", "Value"] || segs == ["Value"] => Ty::Json,
        "Option" => Ty::Option(Box::new(one(&args)?)),
        "Vec" => Ty::Vec(Box::new(one(&args)?)),
        "OneOrMany" => Ty::OneOrMany(Box::new(one(&args)?)),
        "BTreeMap" | "HashMap" => match args.as_slice() {
            [k, v] if from_syn(k)? == Ty::String => Ty::Map(Box::new(from_syn(v)?)),
            [_, _] => return Err(format!("`{}`: map keys are JSON object keys, so the key type must be String", show(ty))),
            _ => return Err(format!("`{name}` takes a key and a value type")),
        },
        "usize" | "isize" | "u128" | "i128" => {
            return Err(format!("`{name}` is not supported: use one of {}", Int::ALL.map(Int::as_str).join(", ")))
        }
        other => match Int::ALL.into_iter().find(|i| i.as_str() == other) {
            Some(i) => Ty::Int(i),
            None if qualified => return Err(format!("`{}`: name a type of the generated crate without a path", show(ty))),
            None => Ty::Named(other.to_string()),
        },
    };
    let takes_args = matches!(ty, Ty::Option(_) | Ty::Vec(_) | Ty::OneOrMany(_) | Ty::Map(_));
    if !takes_args && !args.is_empty() {
        return Err(format!("`{name}` takes no type arguments"));
    }
    if qualified && !matches!(ty, Ty::Json | Ty::Map(_)) && !(segs.len() == 3 && segs[..2] == ["std", "collections"]) {
        return Err(format!("`{}`: name the type without a path", show(syn_ty)));
    }
    Ok(ty)
}

fn generic_args(args: &syn::PathArguments) -> Result<Vec<syn::Type>, String> {
    match args {
        syn::PathArguments::None => Ok(vec![]),
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .map(|g| match g {
                syn::GenericArgument::Type(t) => Ok(t.clone()),
                _ => Err("only type arguments are supported".to_string()),
            })
            .collect(),
        syn::PathArguments::Parenthesized(_) => Err("function types are not supported".to_string()),
    }
}

fn show(ty: &syn::Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string().replace(" < ", "<").replace(" >", ">").replace(" , ", ", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_types_read_into_the_tree() {
        assert_eq!(parse("Option<Vec<UserId>>"), Ok(Ty::Option(Box::new(Ty::Vec(Box::new(Ty::Named("UserId".into())))))));
        assert_eq!(parse("i64"), Ok(Ty::Int(Int::I64)));
        assert_eq!(parse("u8"), Ok(Ty::Int(Int::U8)));
        assert_eq!(parse("f64"), Ok(Ty::Float(Float::F64)));
        assert_eq!(parse("serde_json::Value"), Ok(Ty::Json));
        assert_eq!(parse("BTreeMap<String, String>"), Ok(Ty::Map(Box::new(Ty::String))));
        assert_eq!(parse("std::collections::HashMap<String, i32>"), Ok(Ty::Map(Box::new(Ty::Int(Int::I32)))));
        assert_eq!(parse("OneOrMany<EventId>"), Ok(Ty::OneOrMany(Box::new(Ty::Named("EventId".into())))));
    }

    #[test]
    fn unsupported_types_say_why() {
        for (text, says) in [
            ("Vec<", "not a Rust type"),
            ("&str", "not supported"),
            ("(u8, u8)", "not supported"),
            ("BTreeMap<u64, String>", "key type must be String"),
            ("usize", "not supported"),
            ("Vec<u8, u8>", "one type argument"),
            ("String<u8>", "no type arguments"),
            ("foo::Bar", "without a path"),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
    }

    #[test]
    fn display_writes_what_was_read() {
        for text in ["Option<Vec<UserId>>", "i64", "BTreeMap<String, f32>", "OneOrMany<String>"] {
            assert_eq!(parse(text).unwrap().to_string(), text);
        }
    }
}
