//! `oomlens user …`, `backup`, `export`, `import`: the wiki's accounts and data from the shell.
//! Each opens the database in the data folder, which may be in use by a running server (SQLite's
//! WAL lets both work; the backup is one consistent moment).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use app::i18n::{text, tr, tr_args, Lang};
use clap::{Args, Subcommand};
use wiki::{Role, Wiki, WikiError};

/// Where the data folder is (as `serve --data`).
#[derive(Debug, Clone, Args)]
pub struct DataDir {
    /// Data folder (pastes, wiki pages, accounts); created on first run.
    #[arg(long, env = "OOMLENS_DATA", default_value = "./oomlens-data")]
    pub data: PathBuf,
}

/// `oomlens user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a local user; the password is asked for, or read from standard input.
    Add {
        /// The user's name: letters, digits, `.`, `_`, `-`, `@`.
        name: String,
        /// viewer, editor or admin.
        #[arg(long, value_parser = parse_role, default_value = "editor")]
        role: Role,
        #[command(flatten)]
        data: DataDir,
    },
    /// List the users.
    List {
        #[command(flatten)]
        data: DataDir,
    },
    /// Change a user's role.
    Role {
        /// The user's name.
        name: String,
        /// viewer, editor or admin.
        #[arg(value_parser = parse_role)]
        role: Role,
        #[command(flatten)]
        data: DataDir,
    },
    /// Set a new password (asked for, or read from standard input); signs the user out everywhere.
    Passwd {
        /// The user's name.
        name: String,
        #[command(flatten)]
        data: DataDir,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse().map_err(|e: wiki::WikiError| e.to_string())
}

/// The language these commands speak: the terminal's.
fn lang() -> Lang {
    super::output_lang(None)
}

/// The wiki in a data folder that may be new: for the commands that start one (the first
/// admin's `user add`, an `import` into a fresh folder).
fn open_or_create(data: &DataDir) -> Result<Wiki, String> {
    std::fs::create_dir_all(&data.data).map_err(|e| {
        tr_args(
            lang(),
            "admin-cannot-create",
            &[
                ("dir", text(data.data.display().to_string())),
                ("error", text(e.to_string())),
            ],
        )
    })?;
    Wiki::open(&data.data).map_err(said)
}

/// The wiki in a data folder that must hold one: a backup, an export or a list made from a
/// mistyped `--data` would otherwise succeed, empty, and leave a new folder behind.
fn open(data: &DataDir) -> Result<Wiki, String> {
    let database = data.data.join(wiki::DATABASE_FILE);
    if !database.is_file() {
        return Err(tr_args(
            lang(),
            "admin-no-data",
            &[
                ("dir", text(data.data.display().to_string())),
                ("file", text(wiki::DATABASE_FILE)),
            ],
        ));
    }
    Wiki::open(&data.data).map_err(said)
}

/// A wiki error in the terminal's language where a person can act on it; the others (a failed
/// database) as the error says.
fn said(error: WikiError) -> String {
    let lang = lang();
    match &error {
        WikiError::NoSuchUser(name) => {
            tr_args(lang, "admin-no-such-user", &[("name", text(name.clone()))])
        }
        WikiError::UserExists(name) => {
            tr_args(lang, "admin-user-exists", &[("name", text(name.clone()))])
        }
        WikiError::BadUserName => tr(lang, "admin-bad-user-name"),
        WikiError::WeakPassword(least) => tr_args(
            lang,
            "admin-weak-password",
            &[("least", app::i18n::number(*least as f64))],
        ),
        _ => error.to_string(),
    }
}

/// The password: asked twice at a terminal, else the first line of standard input.
fn password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let lang = lang();
        let first = rpassword::prompt_password(tr(lang, "admin-password-prompt"))
            .map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password(tr(lang, "admin-password-again"))
            .map_err(|e| e.to_string())?;
        if first != again {
            return Err(tr(lang, "admin-passwords-differ"));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    }
}

fn finish(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(said) => {
            if !said.is_empty() {
                println!("{said}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("oomlens: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs a `user` command.
pub fn user(command: UserCommand) -> ExitCode {
    finish(match command {
        UserCommand::Add { name, role, data } => (|| {
            let wiki = open_or_create(&data)?;
            let password = password()?;
            let user = wiki.add_user(&name, role, &password).map_err(said)?;
            Ok(tr_args(
                lang(),
                "admin-user-added",
                &[
                    ("name", text(user.name)),
                    ("role", text(user.role.as_str())),
                ],
            ))
        })(),
        UserCommand::List { data } => (|| {
            let wiki = open(&data)?;
            let users = wiki.users().map_err(said)?;
            if users.is_empty() {
                return Ok(tr(lang(), "admin-no-users"));
            }
            Ok(users
                .iter()
                .map(|u| {
                    format!(
                        "{}\t{}{}",
                        u.name,
                        u.role.as_str(),
                        if u.via_proxy { "\tproxy" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        })(),
        UserCommand::Role { name, role, data } => (|| {
            open(&data)?.set_role(&name, role).map_err(said)?;
            Ok(tr_args(
                lang(),
                "admin-role-set",
                &[("name", text(name)), ("role", text(role.as_str()))],
            ))
        })(),
        UserCommand::Passwd { name, data } => (|| {
            let wiki = open(&data)?;
            let password = password()?;
            wiki.set_password(&name, &password).map_err(said)?;
            Ok(tr_args(
                lang(),
                "admin-password-set",
                &[("name", text(name))],
            ))
        })(),
    })
}

/// Flags of `oomlens backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (a SQLite database: put it in the data folder as `oomlens.sqlite3` to restore).
    pub file: PathBuf,
    #[command(flatten)]
    pub data: DataDir,
}

/// `oomlens backup FILE`.
pub fn backup(args: BackupArgs) -> ExitCode {
    finish((|| {
        // made here, new and readable by its owner only: the copy holds password hashes,
        // sessions and every paste (and a file that appears meanwhile is not overwritten)
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&args.file) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(tr_args(
                    lang(),
                    "admin-file-exists",
                    &[("file", text(args.file.display().to_string()))],
                ));
            }
            Err(e) => {
                return Err(tr_args(
                    lang(),
                    "admin-cannot-create",
                    &[
                        ("dir", text(args.file.display().to_string())),
                        ("error", text(e.to_string())),
                    ],
                ))
            }
        }
        let copied = open(&args.data).and_then(|wiki| wiki.backup_to(&args.file).map_err(said));
        if let Err(error) = copied {
            // no half-made backup left behind to be mistaken for one
            let _ = std::fs::remove_file(&args.file);
            return Err(error);
        }
        Ok(tr_args(
            lang(),
            "admin-backed-up",
            &[("file", text(args.file.display().to_string()))],
        ))
    })())
}

/// Flags of `oomlens export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write the pages to (created if needed).
    pub dir: PathBuf,
    /// Also write every revision, as JSON in DIR/.history/.
    #[arg(long)]
    pub history: bool,
    #[command(flatten)]
    pub data: DataDir,
}

/// `oomlens export DIR`.
pub fn export(args: ExportArgs) -> ExitCode {
    finish((|| {
        let counts = open(&args.data)?
            .export(&args.dir, args.history)
            .map_err(|e| e.to_string())?;
        Ok(tr_args(
            lang(),
            "admin-exported",
            &[
                ("pages", app::i18n::number(counts.pages as f64)),
                ("revisions", app::i18n::number(counts.revisions as f64)),
                ("dir", text(args.dir.display().to_string())),
            ],
        ))
    })())
}

/// Flags of `oomlens import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A folder an export wrote (or any folder of `SLUG.md` pages).
    pub dir: PathBuf,
    /// Author of the revisions made for pages without a history file.
    #[arg(long, default_value = "import")]
    pub author: String,
    #[command(flatten)]
    pub data: DataDir,
}

/// `oomlens import DIR`.
pub fn import(args: ImportArgs) -> ExitCode {
    finish((|| {
        if !args.dir.is_dir() {
            return Err(tr_args(
                lang(),
                "cli-not-a-folder",
                &[("path", text(args.dir.display().to_string()))],
            ));
        }
        // A refused import into a folder made for it leaves no folder behind.
        let made = !args.data.data.exists();
        let imported = open_or_create(&args.data)?
            .import_checked(&args.dir, &args.author, slug_not_file_name)
            .map_err(|e| e.to_string());
        if imported.is_err() && made {
            let _ = std::fs::remove_dir_all(&args.data.data);
        }
        let counts = imported?;
        Ok(tr_args(
            lang(),
            "admin-imported",
            &[
                ("pages", app::i18n::number(counts.pages as f64)),
                ("revisions", app::i18n::number(counts.revisions as f64)),
                ("replaced", app::i18n::number(counts.replaced as f64)),
            ],
        ))
    })())
}

/// What is wrong with page file `path` of an import (slug `slug`, from its name): its front
/// matter names another slug (`foo.md` with `slug: bar`). The wiki would keep the page under its
/// file's name while the page shows its own slug, so its history and edit links would lead
/// nowhere.
fn slug_not_file_name(path: &std::path::Path, slug: &str, source: &str) -> Option<String> {
    let draft = kb::Draft::from_source(source).ok()?;
    let said = draft.slug.trim();
    (!said.is_empty() && said != slug).then(|| {
        tr_args(
            lang(),
            "admin-slug-not-file-name",
            &[
                ("file", text(path.display().to_string())),
                ("slug", text(said.to_string())),
            ],
        )
    })
}
