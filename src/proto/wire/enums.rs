//! The string enumerations of the protocol (`wire_enum!`): known values as variants, any
//! other kept as it came (PROTOCOL.md 1.12).

/// Declares a string enumeration of the protocol with an `Other` variant that keeps values
/// this version does not know (PROTOCOL.md 1.12: platforms may add values).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, kept as it came.
            Other(String),
        }

        impl Default for $name {
            /// An empty unknown value (what a decoder starts from before it reads one).
            fn default() -> $name {
                $name::Other(String::new())
            }
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }

            /// The value for a wire spelling (`Other` when unknown).
            pub fn parse(s: &str) -> $name {
                match s {
                    $( $text => $name::$variant, )*
                    _ => $name::Other(s.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::proto::wire::codec::FromJson for $name {
            fn read(r: &mut $crate::proto::json::Reader<'_>) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                match r.string()? {
                    Some(s) => Ok($name::parse(&s)),
                    None => Err($crate::proto::wire::codec::FieldError::wrong("a string", r)),
                }
            }
        }

        impl $crate::proto::wire::codec::ToJson for $name {
            fn to_json(&self) -> $crate::proto::json::Json {
                $crate::proto::json::Json::String(self.as_str().to_owned())
            }
        }
    };
}
pub(crate) use wire_enum;
