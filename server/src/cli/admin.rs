//! `oomlens user …`, `backup`, `export`, `import`: the wiki's accounts and data from the shell.
//! Each opens the database in the data folder, which may be in use by a running server (SQLite's
//! WAL lets both work; the backup is one consistent moment).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use wiki::{Role, Wiki};

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

fn open(data: &DataDir) -> Result<Wiki, String> {
    std::fs::create_dir_all(&data.data)
        .map_err(|e| format!("cannot create {}: {e}", data.data.display()))?;
    Wiki::open(&data.data).map_err(|e| e.to_string())
}

/// The password: asked twice at a terminal, else the first line of standard input.
fn password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
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
            let wiki = open(&data)?;
            let password = password()?;
            let user = wiki
                .add_user(&name, role, &password)
                .map_err(|e| e.to_string())?;
            Ok(format!("added {} ({})", user.name, user.role.as_str()))
        })(),
        UserCommand::List { data } => (|| {
            let wiki = open(&data)?;
            let users = wiki.users().map_err(|e| e.to_string())?;
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
            open(&data)?
                .set_role(&name, role)
                .map_err(|e| e.to_string())?;
            Ok(format!("{name} is now {}", role.as_str()))
        })(),
        UserCommand::Passwd { name, data } => (|| {
            let wiki = open(&data)?;
            let password = password()?;
            wiki.set_password(&name, &password)
                .map_err(|e| e.to_string())?;
            Ok(format!("password of {name} changed; its sessions ended"))
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
                return Err(format!("{} exists: choose a new file", args.file.display()));
            }
            Err(e) => return Err(format!("cannot create {}: {e}", args.file.display())),
        }
        let copied =
            open(&args.data).and_then(|wiki| wiki.backup_to(&args.file).map_err(|e| e.to_string()));
        if let Err(error) = copied {
            // no half-made backup left behind to be mistaken for one
            let _ = std::fs::remove_file(&args.file);
            return Err(error);
        }
        Ok(format!("backed up to {}", args.file.display()))
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
        Ok(format!(
            "{} pages, {} revisions written to {}",
            counts.pages,
            counts.revisions,
            args.dir.display()
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
            return Err(format!("{} is not a folder", args.dir.display()));
        }
        let counts = open(&args.data)?
            .import(&args.dir, &args.author)
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "{} pages, {} revisions imported; restart the server to show them",
            counts.pages, counts.revisions
        ))
    })())
}
