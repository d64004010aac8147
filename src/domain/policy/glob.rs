//! IAM wildcards: `*` matches any run of characters (including none, and `/`), `?` exactly
//! one character.

/// True when `text` matches `pattern`. `fold_case` compares ASCII letters case-insensitively
/// (action names); resources and condition values are case-sensitive.
pub fn glob_match(pattern: &str, text: &str, fold_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if fold_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    // Iterative matching with one backtrack point (the last `*`): linear in practice,
    // never recursive, so arbitrary input cannot blow the stack.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || eq(c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn star_crosses_slashes_and_question_mark_is_one_character() {
        assert!(glob_match("abc/*", "abc/prod/GET/items", false));
        assert!(glob_match("abc/*/GET/*", "abc/prod/GET/a/b", false));
        assert!(!glob_match("abc/*/POST/*", "abc/prod/GET/a", false));
        assert!(glob_match("vpce-?bc", "vpce-abc", false));
        assert!(!glob_match("vpce-?bc", "vpce-bc", false));
        assert!(glob_match("*", "", false));
        assert!(!glob_match("", "x", false));
        assert!(glob_match("execute-api:invoke", "execute-api:Invoke", true));
        assert!(!glob_match("abc/Prod/*", "abc/prod/x", false));
    }
}
