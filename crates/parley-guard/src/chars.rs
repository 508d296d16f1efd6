//! Character classes that both the link and the file guard refuse in hostile text.

/// Whether `c` is invisible or changes the direction of the text around it: bidi controls,
/// zero-width characters, the soft hyphen, the BOM and other default-ignorable code points.
///
/// Links that contain one are blocked; file names have them removed.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible() {
        for c in ['\u{200B}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{00AD}', '\u{E0041}'] {
            assert!(is_invisible(c), "{:04X}", c as u32);
        }
        assert!(!is_invisible('a') && !is_invisible('é') && !is_invisible(' '));
    }
}
