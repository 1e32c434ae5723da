//! `because man --out DIR`: the main page and one page per verb, so every page the main page
//! refers to exists.

use crate::support::TestRepo;

#[test]
fn man_out_writes_a_page_for_every_verb_the_main_page_names() {
    let repo = TestRepo::plain();
    let listed = repo.because(&["man", "--out", "man"]).ok().to_string();
    let main = repo.read("man/because.1");
    assert!(
        main.starts_with(".ie") || main.contains(".TH because 1"),
        "{main}"
    );
    let referenced: Vec<String> = main
        .split("because\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(verb, _)| verb.to_string()))
        .filter(|verb| verb.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(referenced.len() > 15, "{referenced:?}");
    for verb in &referenced {
        let page = repo.read(&format!("man/because-{verb}.1"));
        assert!(
            page.contains(&format!(".TH because-{verb} 1")),
            "{verb}: {page}"
        );
        assert!(listed.contains(&format!("because-{verb}.1")), "{listed}");
    }
    // Without --out, the main page alone goes to stdout.
    assert_eq!(repo.because(&["man"]).ok(), main);
}
