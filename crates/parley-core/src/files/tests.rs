use parley_guard::file::{FileRules, inspect_bytes};

use super::*;

fn report(bytes: &[u8], name: &str) -> FileReport {
    let rules = FileRules::from_policy(&Policy::default());
    inspect_bytes(bytes, name, None, &rules)
}

fn infected() -> ScanVerdict {
    ScanVerdict::Infected { signature: "Eicar-Test-Signature".into() }
}

fn failed() -> ScanVerdict {
    ScanVerdict::Failed { reason: "the scanner did not answer".into() }
}

#[test]
fn clean_scan_of_a_clean_file_releases_without_warnings() {
    let decision = decide(&report(b"%PDF-1.7\n", "report.pdf"), Some(&ScanVerdict::Clean), true);
    assert_eq!(decision, Decision::Release { warnings: Vec::new() });
}

#[test]
fn infected_files_stay_whatever_the_policy() {
    for required in [false, true] {
        let decision = decide(&report(b"hello", "notes.txt"), Some(&infected()), required);
        assert!(
            matches!(decision, Decision::Hold { code: "infected", ref why } if why.contains("Eicar-Test-Signature"))
        );
    }
}

#[test]
fn blocked_files_stay_even_when_the_scan_is_clean() {
    let decision = decide(&report(b"MZ\x90\x00", "setup.exe"), Some(&ScanVerdict::Clean), false);
    assert!(matches!(decision, Decision::Hold { code: "blocked", .. }), "{decision:?}");
}

#[test]
fn a_required_scan_that_cannot_run_keeps_the_file() {
    let clean_pdf = report(b"%PDF-1.7\n", "report.pdf");
    assert!(matches!(decide(&clean_pdf, Some(&failed()), true), Decision::Hold { code: "scan_failed", .. }));
    assert!(matches!(decide(&clean_pdf, None, true), Decision::Hold { code: "no_scanner", .. }));
}

#[test]
fn without_a_required_scan_unscanned_files_carry_a_warning() {
    let clean_pdf = report(b"%PDF-1.7\n", "report.pdf");
    for scan in [None, Some(failed())] {
        let Decision::Release { warnings } = decide(&clean_pdf, scan.as_ref(), false) else {
            panic!("an unscanned clean file is released when no scan is required");
        };
        assert!(warnings.iter().any(|w| w.starts_with("Not scanned")), "{warnings:?}");
    }
}
