//! `--help` in the terminal's language. clap writes help from the doc comments, in English; for
//! another language the built command is walked and each text replaced from the catalogues
//! (`help-{command}` for a command's line, `help-{command}-{arg}` then `help-arg-{arg}` for a
//! flag), with clap's own headings ("Usage:", "Options:", ...) given in the same language.

use app::i18n::{tr, Lang};
use clap::Command;

/// `command` with its help in `lang`; English is the doc comments as written.
pub fn localized(mut command: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return command;
    }
    // Built first: clap adds `--help`, `--version` and the `help` subcommand while building.
    command.build();
    walk(command, lang, None)
}

fn walk(command: Command, lang: Lang, parent: Option<&str>) -> Command {
    let name = command.get_name().to_string();
    // The top command's own line is `help-about`; a subcommand's is `help-{name}`.
    let key = match parent {
        None => "help-about".to_string(),
        Some(_) => format!("help-{name}"),
    };
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut command = command
        .about(text(lang, &key))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            tr(lang, "help-heading-usage")
        ))
        .subcommand_help_heading(tr(lang, "help-heading-commands"))
        .mut_args(|arg| {
            let id = arg.get_id().as_str().to_string();
            let own = format!("help-{name}-{id}");
            let key = if has(lang, &own) {
                own
            } else {
                format!("help-arg-{id}")
            };
            let heading = if arg.is_positional() {
                "help-heading-arguments"
            } else {
                "help-heading-options"
            };
            arg.help(text(lang, &key)).help_heading(tr(lang, heading))
        });
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |s| walk(s, lang, Some(&name)));
    }
    command
}

fn has(lang: Lang, key: &str) -> bool {
    tr(lang, key) != key
}

/// The text of `key`, or an empty help where the catalogue has none (the test below keeps that
/// from shipping).
fn text(lang: Lang, key: &str) -> String {
    if has(lang, key) {
        tr(lang, key)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every command and flag, with its help text.
    fn texts(command: &Command, out: &mut Vec<(String, String)>) {
        let name = command.get_name().to_string();
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        out.push((name.clone(), about));
        for arg in command.get_arguments() {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push((format!("{name} {}", arg.get_id()), help));
        }
        for sub in command.get_subcommands() {
            texts(sub, out);
        }
    }

    /// The English catalogue is the doc comments word for word: a flag's help changed in one place
    /// and not the other fails here.
    #[test]
    fn the_english_catalogue_reads_as_the_doc_comments() {
        let mut english = Cli::command();
        english.build();
        let mut again = Cli::command();
        again.build();
        let again = walk(again, Lang::En, None);
        let (mut en, mut catalogue) = (Vec::new(), Vec::new());
        texts(&english, &mut en);
        texts(&again, &mut catalogue);
        assert_eq!(en, catalogue);
    }

    #[test]
    fn every_command_and_flag_has_chinese_help() {
        let mut english = Cli::command();
        english.build();
        let chinese = localized(Cli::command(), Lang::Zh);
        let (mut en, mut zh) = (Vec::new(), Vec::new());
        texts(&english, &mut en);
        texts(&chinese, &mut zh);
        assert_eq!(en.len(), zh.len());
        assert!(en.len() > 30, "{en:?}");
        for ((what, en), (same, zh)) in en.iter().zip(&zh) {
            assert_eq!(what, same);
            assert!(!zh.is_empty(), "{what}: no Chinese help");
            assert_ne!(en, zh, "{what}: still English");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{what}: {zh}"
            );
        }
    }

    #[test]
    fn the_help_page_reads_in_chinese() {
        let mut chinese = localized(Cli::command(), Lang::Zh);
        let help = chinese.render_help().to_string();
        assert!(help.starts_with("自托管的 GPU 显存不足诊断"), "{help}");
        assert!(help.contains("\n用法: oomlens [OPTIONS]\n"), "{help}");
        assert!(
            help.contains("\n命令:\n") && help.contains("\n选项:\n"),
            "{help}"
        );
        assert!(
            !help.contains("Options:") && !help.contains("Print help"),
            "{help}"
        );
        let diagnose = chinese
            .find_subcommand_mut("diagnose")
            .map(|d| d.render_help().to_string())
            .unwrap_or_default();
        assert!(diagnose.contains("\n参数:\n"), "{diagnose}");
        // the flags themselves and their defaults stay as typed
        assert!(diagnose.contains("--lang <LANG>"), "{diagnose}");
    }
}
