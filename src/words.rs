//! Small English helpers for messages: the article before a word, plurals.

/// "an" or "a" before `word`, by its sound: "an RFC", "an ADR", "an accepted", "a DESIGN",
/// "a proposed". Upper-case words are read letter by letter.
pub fn article(word: &str) -> &'static str {
    let spelled = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase());
    let vowel_sound = match word.chars().next() {
        Some(c) if spelled => "AEFHILMNORSX".contains(c),
        Some(c) => "aeiouAEIOU".contains(c),
        None => false,
    };
    if vowel_sound { "an" } else { "a" }
}

/// `word` followed by "s" unless `n` is one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound_of_the_word() {
        assert_eq!(article("RFC"), "an");
        assert_eq!(article("ADR"), "an");
        assert_eq!(article("DESIGN"), "a");
        assert_eq!(article("rfc"), "a");
        assert_eq!(article("accepted"), "an");
        assert_eq!(article("proposed"), "a");
    }
}
