//! Accounts and sessions: hashing, roles, proxy users, sign-in and out.

use wiki::{Role, Wiki, WikiError};

fn wiki() -> (tempfile::TempDir, Wiki) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let wiki = Wiki::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, wiki)
}

#[test]
fn a_user_signs_in_with_the_right_password_only() {
    let (_dir, wiki) = wiki();
    let ana = wiki
        .add_user("ana", Role::Admin, "correct horse")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ana.role, Role::Admin);
    let found = wiki
        .check_password("ana", "correct horse")
        .unwrap_or_default();
    assert_eq!(found.map(|u| u.name), Some("ana".to_string()));
    // names compare without case, as people type them
    assert!(wiki
        .check_password("ANA", "correct horse")
        .unwrap_or_default()
        .is_some());
    assert!(wiki
        .check_password("ana", "wrong horse")
        .unwrap_or_default()
        .is_none());
    assert!(wiki
        .check_password("nobody", "correct horse")
        .unwrap_or_default()
        .is_none());
    assert!(matches!(
        wiki.add_user("Ana", Role::Viewer, "another one"),
        Err(WikiError::UserExists(_))
    ));
    assert!(matches!(
        wiki.add_user("a b", Role::Viewer, "long enough"),
        Err(WikiError::BadUserName)
    ));
    assert!(matches!(
        wiki.add_user("bo", Role::Viewer, "short"),
        Err(WikiError::WeakPassword(8))
    ));
}

#[test]
fn sessions_carry_their_user_and_csrf_and_end() {
    let (_dir, wiki) = wiki();
    let ana = wiki
        .add_user("ana", Role::Editor, "correct horse")
        .unwrap_or_else(|e| panic!("{e}"));
    let (token, session) = wiki.start_session(&ana).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(token.len(), 64);
    assert_eq!(session.csrf.len(), 64);
    let found = wiki.session(&token).unwrap_or_default();
    assert_eq!(found.as_ref().map(|s| s.user.name.as_str()), Some("ana"));
    assert_eq!(found.map(|s| s.csrf), Some(session.csrf));
    assert!(wiki.session("not a token").unwrap_or_default().is_none());
    // a role change is seen by the session at once
    wiki.set_role("ana", Role::Viewer)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wiki.session(&token)
            .unwrap_or_default()
            .map(|s| s.user.role),
        Some(Role::Viewer)
    );
    // a new password signs out everywhere
    wiki.set_password("ana", "battery staple")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(wiki.session(&token).unwrap_or_default().is_none());
    let (token, _) = wiki.start_session(&ana).unwrap_or_else(|e| panic!("{e}"));
    wiki.end_session(&token).unwrap_or_else(|e| panic!("{e}"));
    assert!(wiki.session(&token).unwrap_or_default().is_none());
}

#[test]
fn a_proxy_user_is_created_once_and_has_no_password() {
    let (_dir, wiki) = wiki();
    let first = wiki
        .proxy_user("li.wei@lab.example", Role::Editor)
        .unwrap_or_else(|e| panic!("{e}"));
    let again = wiki
        .proxy_user("li.wei@lab.example", Role::Viewer)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, again, "the role given on first sight stays");
    assert!(first.via_proxy);
    assert!(wiki
        .check_password("li.wei@lab.example", "")
        .unwrap_or_default()
        .is_none());
    assert!(matches!(
        wiki.proxy_user("evil\nname", Role::Admin),
        Err(WikiError::BadUserName)
    ));
    let names: Vec<String> = wiki
        .users()
        .unwrap_or_default()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, vec!["li.wei@lab.example".to_string()]);
}
