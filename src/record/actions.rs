//! The follow-through of a decision: an `## Action items` section of task-list lines such as
//! `- [ ] @alex: implement in the backend (due 2026-03-07)`, read into owner, task, due and
//! done. Lines that are not task-list items are prose and are left alone.

use serde::{Deserialize, Serialize};

use super::Section;

/// The section heading action items are read from.
pub const HEADING: &str = "Action items";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// `@alex`; `None` when the line names nobody.
    pub owner: Option<String>,
    pub task: String,
    /// The due text as written (a date, or any stored deadline form).
    pub due: Option<String>,
    /// `[x]`: done.
    pub done: bool,
    /// Line of the item in the file (1-based).
    pub line: usize,
}

/// Every task-list item of the `## Action items` section, in order.
pub fn read(sections: &[Section]) -> Vec<ActionItem> {
    let Some(section) = sections
        .iter()
        .find(|s| s.heading.eq_ignore_ascii_case(HEADING))
    else {
        return Vec::new();
    };
    section
        .content
        .lines()
        .enumerate()
        .filter_map(|(i, line)| item(line, section.line + 1 + i))
        .collect()
}

fn item(line: &str, number: usize) -> Option<ActionItem> {
    let rest = line
        .trim_start()
        .strip_prefix(['-', '*', '+'])?
        .trim_start();
    let (done, rest) = match rest.get(..3)? {
        "[ ]" => (false, &rest[3..]),
        "[x]" | "[X]" => (true, &rest[3..]),
        _ => return None,
    };
    let (owner, rest) = owner(rest.trim());
    let (task, due) = due(rest);
    Some(ActionItem {
        owner,
        task: task.to_string(),
        due,
        done,
        line: number,
    })
}

/// `@alex: task` → (`@alex`, `task`).
fn owner(text: &str) -> (Option<String>, &str) {
    let Some((who, task)) = text.split_once(':') else {
        return (None, text);
    };
    let who = who.trim();
    let is_handle = who.starts_with('@') && !who.contains(char::is_whitespace) && who.len() > 1;
    match is_handle {
        true => (Some(who.to_string()), task.trim()),
        false => (None, text),
    }
}

/// `task (due 2026-03-07)` → (`task`, `2026-03-07`).
fn due(text: &str) -> (&str, Option<String>) {
    let trimmed = text.trim_end();
    let Some(open) = trimmed.rfind("(due ").filter(|_| trimmed.ends_with(')')) else {
        return (trimmed, None);
    };
    let inner = trimmed[open + 5..trimmed.len() - 1].trim();
    (trimmed[..open].trim_end(), Some(inner.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(content: &str) -> Vec<Section> {
        vec![Section {
            heading: "Action items".into(),
            line: 10,
            content: content.into(),
        }]
    }

    #[test]
    fn items_have_owner_task_due_and_done() {
        let items = read(&section(
            "\n- [ ] @alex: implement in the backend (due 2026-03-07)\n- [x] @sam: announce it\nSome prose.\n- [ ] write the migration guide (due 2026-03-12 17:00 PT)\n- plain bullet\n",
        ));
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].owner.as_deref(), Some("@alex"));
        assert_eq!(items[0].task, "implement in the backend");
        assert_eq!(items[0].due.as_deref(), Some("2026-03-07"));
        assert!(!items[0].done);
        assert_eq!(items[0].line, 12);
        assert!(items[1].done && items[1].due.is_none());
        assert_eq!(items[2].owner, None);
        assert_eq!(items[2].due.as_deref(), Some("2026-03-12 17:00 PT"));
    }

    #[test]
    fn a_colon_in_a_task_without_an_owner_stays_in_the_task() {
        let items = read(&section("- [ ] decide: REST or gRPC\n"));
        assert_eq!(items[0].owner, None);
        assert_eq!(items[0].task, "decide: REST or gRPC");
    }

    #[test]
    fn other_sections_hold_no_action_items() {
        let mut sections = section("- [ ] @alex: x\n");
        sections[0].heading = "Consequences".into();
        assert!(read(&sections).is_empty());
    }
}
