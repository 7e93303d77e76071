//! What ripgrep decides from all patterns joined into one, `(?:p1)|(?:p2)|...`: rg
//! compiles them that way, so smart case looks at every pattern together, and a capture
//! group name used in two patterns is an error.

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};

/// The patterns as rg joins them, escaped under `-F`.
pub fn join<S: AsRef<str>>(patterns: &[S], fixed_strings: bool) -> String {
    patterns
        .iter()
        .map(|p| {
            if fixed_strings {
                format!("(?:{})", regex_syntax::escape(p.as_ref()))
            } else {
                format!("(?:{})", p.as_ref())
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Parses the joined patterns, which catches what only the join makes wrong (a group
/// name in two patterns).
pub fn parse(joined: &str) -> Result<Ast, Box<regex_syntax::Error>> {
    ast::parse::Parser::new()
        .parse(joined)
        .map_err(|err| Box::new(err.into()))
}

/// rg's smart case: case-insensitive when the patterns hold a literal character (in
/// classes too) and none of them is uppercase. `[[:upper:]]` and `\W` hold no literal,
/// and a group's name is not one.
pub fn smart_case_insensitive(ast: &Ast) -> bool {
    let mut seen = Seen::default();
    seen.ast(ast);
    seen.literal && !seen.uppercase
}

#[derive(Default)]
struct Seen {
    literal: bool,
    uppercase: bool,
}

impl Seen {
    fn ast(&mut self, ast: &Ast) {
        match ast {
            Ast::Literal(lit) => self.char(lit.c),
            Ast::ClassBracketed(class) => self.class_set(&class.kind),
            Ast::Repetition(rep) => self.ast(&rep.ast),
            Ast::Group(group) => self.ast(&group.ast),
            Ast::Alternation(alt) => alt.asts.iter().for_each(|a| self.ast(a)),
            Ast::Concat(cat) => cat.asts.iter().for_each(|a| self.ast(a)),
            _ => {}
        }
    }

    fn class_set(&mut self, set: &ClassSet) {
        match set {
            ClassSet::Item(item) => self.class_item(item),
            ClassSet::BinaryOp(op) => {
                self.class_set(&op.lhs);
                self.class_set(&op.rhs);
            }
        }
    }

    fn class_item(&mut self, item: &ClassSetItem) {
        match item {
            ClassSetItem::Literal(lit) => self.char(lit.c),
            ClassSetItem::Range(range) => {
                self.char(range.start.c);
                self.char(range.end.c);
            }
            ClassSetItem::Bracketed(class) => self.class_set(&class.kind),
            ClassSetItem::Union(union) => union.items.iter().for_each(|i| self.class_item(i)),
            _ => {}
        }
    }

    fn char(&mut self, c: char) {
        self.literal = true;
        self.uppercase |= c.is_uppercase();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(patterns: &[&str]) -> bool {
        smart_case_insensitive(&parse(&join(patterns, false)).unwrap())
    }

    #[test]
    fn smart_case_needs_a_literal_and_no_uppercase_one() {
        assert!(smart(&["foo"]));
        assert!(!smart(&["Foo"]));
        assert!(!smart(&["foo", "Bar"]));
        assert!(smart(&[r"foo\W\S\p{Lu}"]));
        assert!(!smart(&[r"\p{Lu}X"]));
        assert!(smart(&["(?P<n>foo)"]));
        assert!(!smart(&["[[:upper:]]"]));
        assert!(!smart(&["[A-Z]"]));
    }

    #[test]
    fn a_group_name_in_two_patterns_is_an_error() {
        assert!(parse(&join(&["(?P<n>a)", "(?P<n>b)"], false)).is_err());
        assert!(parse(&join(&["(?P<n>a)", "(?P<m>b)"], false)).is_ok());
    }
}
