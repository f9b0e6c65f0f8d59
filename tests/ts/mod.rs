//! A small reader of TypeScript declarations, enough for `src/web/types.d.ts`: top-level
//! `interface` and `type` declarations, object types with their members, unions,
//! intersections, arrays, named references with type arguments, literals. Function types,
//! mapped and indexed types are read but kept opaque. The table tests compare what it finds
//! with what the Rust side produces, so the hand-written types cannot drift from the runtime.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

/// A type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `string`, `number`, `boolean`, `unknown`, `never`, `undefined`, `void`, `any`.
    Keyword(String),
    /// `null`.
    Null,
    /// A string literal type, `"ready"`.
    Str(String),
    /// Anything read but not looked into: a number or template literal, a function type,
    /// `keyof T`, `T[K]`, a mapped type.
    Opaque,
    /// `{ a: T; b?: U }`.
    Object(Vec<Member>),
    /// `T[]` or `readonly T[]`.
    Array(Box<Ty>),
    /// `Name` or `Name<A, B>`.
    Ref(String, Vec<Ty>),
    /// `A | B`.
    Union(Vec<Ty>),
    /// `A & B`.
    Inter(Vec<Ty>),
}

/// A member of an object type or an interface (methods have an opaque type).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub name: String,
    pub optional: bool,
    pub ty: Ty,
}

/// The top-level declarations of a file.
#[derive(Debug, Default)]
pub struct Decls {
    pub interfaces: BTreeMap<String, Vec<Member>>,
    pub aliases: BTreeMap<String, Ty>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num,
    Template,
    Arrow,
    P(char),
}

fn tokens(src: &str) -> Vec<Tok> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' || c == '\'' {
            let start = i + 1;
            i += 1;
            while b[i] != c {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            out.push(Tok::Str(b[start..i].iter().collect()));
            i += 1;
        } else if c == '`' {
            i += 1;
            while b[i] != '`' {
                i += 1;
            }
            out.push(Tok::Template);
            i += 1;
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == '.' || b[i] == '_') {
                i += 1;
            }
            out.push(Tok::Num);
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '$') {
                i += 1;
            }
            out.push(Tok::Ident(b[start..i].iter().collect()));
        } else if c == '=' && b.get(i + 1) == Some(&'>') {
            out.push(Tok::Arrow);
            i += 2;
        } else {
            out.push(Tok::P(c));
            i += 1;
        }
    }
    out
}

struct Parser {
    t: Vec<Tok>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.t.get(self.i + k)
    }
    fn next(&mut self) -> Tok {
        let t = self.t.get(self.i).cloned().unwrap_or_else(|| panic!("types.d.ts: unexpected end"));
        self.i += 1;
        t
    }
    fn is(&self, c: char) -> bool {
        self.peek() == Some(&Tok::P(c))
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(x)) if x == w)
    }
    fn eat(&mut self, c: char) -> bool {
        let yes = self.is(c);
        if yes {
            self.i += 1;
        }
        yes
    }
    fn expect(&mut self, c: char) {
        let t = self.next();
        assert_eq!(t, Tok::P(c), "types.d.ts: expected {c:?} at token {}", self.i - 1);
    }
    fn ident(&mut self) -> String {
        match self.next() {
            Tok::Ident(s) => s,
            t => panic!("types.d.ts: expected a name, found {t:?}"),
        }
    }
    /// Skips a balanced group starting at the current opening token.
    fn skip_group(&mut self, open: char, close: char) {
        self.expect(open);
        let mut depth = 1;
        while depth > 0 {
            match self.next() {
                Tok::P(c) if c == open => depth += 1,
                Tok::P(c) if c == close => depth -= 1,
                _ => {}
            }
        }
    }

    fn decls(&mut self) -> Decls {
        let mut d = Decls::default();
        while self.peek().is_some() {
            if self.is_word("export") || self.is_word("declare") {
                self.i += 1;
            } else if self.is_word("interface") {
                self.i += 1;
                let name = self.ident();
                while !self.is('{') {
                    self.i += 1; // type parameters, `extends …`
                }
                let members = self.object();
                d.interfaces.insert(name, members);
            } else if self.is_word("type") {
                self.i += 1;
                let name = self.ident();
                if self.is('<') {
                    self.skip_group('<', '>');
                }
                self.expect('=');
                let ty = self.ty();
                self.eat(';');
                d.aliases.insert(name, ty);
            } else {
                panic!("types.d.ts: unexpected top-level token {:?}", self.peek());
            }
        }
        d
    }

    /// `{ member; member, … }`.
    fn object(&mut self) -> Vec<Member> {
        self.expect('{');
        let mut out = Vec::new();
        while !self.eat('}') {
            if self.eat(';') || self.eat(',') {
                continue;
            }
            if self.is_word("readonly") && !matches!(self.peek_at(1), Some(Tok::P(':' | '?' | '(' | '<'))) {
                self.i += 1;
            }
            if self.is('[') {
                // Index signature or mapped type: `[K in X]: T`.
                self.skip_group('[', ']');
                self.eat('?');
                self.expect(':');
                self.ty();
                continue;
            }
            let name = match self.next() {
                Tok::Ident(s) | Tok::Str(s) => s,
                t => panic!("types.d.ts: expected a member name, found {t:?}"),
            };
            let optional = self.eat('?');
            if self.is('<') || self.is('(') {
                // A method: type parameters, parameters, return type.
                if self.is('<') {
                    self.skip_group('<', '>');
                }
                self.skip_group('(', ')');
                if self.eat(':') {
                    self.ty();
                }
                out.push(Member { name, optional, ty: Ty::Opaque });
                continue;
            }
            self.expect(':');
            let ty = self.ty();
            out.push(Member { name, optional, ty });
        }
        out
    }

    fn ty(&mut self) -> Ty {
        self.eat('|');
        let mut parts = vec![self.inter()];
        while self.eat('|') {
            parts.push(self.inter());
        }
        if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Ty::Union(parts)
        }
    }

    fn inter(&mut self) -> Ty {
        self.eat('&');
        let mut parts = vec![self.postfix()];
        while self.eat('&') {
            parts.push(self.postfix());
        }
        if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Ty::Inter(parts)
        }
    }

    fn postfix(&mut self) -> Ty {
        if self.is_word("readonly") {
            self.i += 1;
            return self.postfix();
        }
        if self.is_word("keyof") {
            self.i += 1;
            self.postfix();
            return Ty::Opaque;
        }
        let mut t = self.primary();
        while self.is('[') {
            if self.peek_at(1) == Some(&Tok::P(']')) {
                self.i += 2;
                t = Ty::Array(Box::new(t));
            } else {
                self.skip_group('[', ']'); // indexed access `T[K]`
                t = Ty::Opaque;
            }
        }
        t
    }

    fn primary(&mut self) -> Ty {
        if self.is('{') {
            return Ty::Object(self.object());
        }
        if self.is('(') {
            // A function type `(a: A) => R`, or a parenthesised type.
            let start = self.i;
            self.skip_group('(', ')');
            if self.peek() == Some(&Tok::Arrow) {
                self.i += 1;
                self.ty();
                return Ty::Opaque;
            }
            self.i = start + 1;
            let t = self.ty();
            self.expect(')');
            return t;
        }
        match self.next() {
            Tok::Str(s) => Ty::Str(s),
            Tok::Num | Tok::Template => Ty::Opaque,
            Tok::Ident(w) => match w.as_str() {
                "null" => Ty::Null,
                "string" | "number" | "boolean" | "unknown" | "never" | "undefined" | "void" | "any" => Ty::Keyword(w),
                _ => {
                    let mut name = w;
                    while self.eat('.') {
                        name = format!("{name}.{}", self.ident());
                    }
                    let mut args = Vec::new();
                    if self.eat('<') {
                        loop {
                            args.push(self.ty());
                            if self.eat('>') {
                                break;
                            }
                            self.expect(',');
                        }
                    }
                    Ty::Ref(name, args)
                }
            },
            t => panic!("types.d.ts: unexpected {t:?} in a type"),
        }
    }
}

/// Reads every top-level declaration of `src`.
pub fn parse(src: &str) -> Decls {
    Parser { t: tokens(src), i: 0 }.decls()
}

impl Decls {
    /// The string literals of a union type alias (following aliases it names), and whether
    /// the union is open (`string`, or `(string & {})` for "any other string").
    pub fn literals(&self, alias: &str) -> (BTreeSet<String>, bool) {
        let ty = self.aliases.get(alias).unwrap_or_else(|| panic!("no type {alias} in types.d.ts"));
        let mut out = BTreeSet::new();
        let open = self.collect_literals(ty, &mut out);
        (out, open)
    }

    /// The string literals of a type expression, as [`Decls::literals`].
    pub fn literals_of(&self, ty: &Ty) -> (BTreeSet<String>, bool) {
        let mut out = BTreeSet::new();
        let open = self.collect_literals(ty, &mut out);
        (out, open)
    }

    fn collect_literals(&self, ty: &Ty, out: &mut BTreeSet<String>) -> bool {
        match ty {
            Ty::Str(s) => {
                out.insert(s.clone());
                false
            }
            Ty::Union(parts) => parts.iter().fold(false, |open, p| self.collect_literals(p, out) | open),
            Ty::Ref(name, args) if args.is_empty() && self.aliases.contains_key(name) => {
                self.collect_literals(&self.aliases[name], out)
            }
            Ty::Keyword(k) if k == "string" => true,
            Ty::Inter(parts) => parts.iter().any(|p| matches!(p, Ty::Keyword(k) if k == "string")),
            other => panic!("not a union of string literals: {other:?}"),
        }
    }

    /// The members of an interface.
    pub fn interface(&self, name: &str) -> &[Member] {
        self.interfaces.get(name).unwrap_or_else(|| panic!("no interface {name} in types.d.ts"))
    }

    /// The member names of an interface, in order.
    pub fn member_names(&self, name: &str) -> Vec<String> {
        self.interface(name).iter().map(|m| m.name.clone()).collect()
    }
}
