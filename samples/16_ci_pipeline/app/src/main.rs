//! `app`: prints an inventory summary of the items given on the command line (`name=quantity`).
//!
//! The binary is what the pipeline builds and packages; `app --version` and `app apples=3 pears=2` run it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--version") {
        println!("app {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    match app::Inventory::parse(&args) {
        Ok(inventory) => {
            println!("{}", inventory.summary());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("app: {message}");
            ExitCode::from(2)
        }
    }
}
