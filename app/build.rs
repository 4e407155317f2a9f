//! The Fluent catalogues are compiled into the crate by `fluent_templates::static_loader!`, which
//! cargo does not see reading them: without this, a catalogue edited or added after the last
//! build would not reach the binary.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
