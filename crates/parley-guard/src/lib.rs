#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod chars;
mod reason_codes;

pub mod dlp;
pub mod file;
pub mod filter;
pub mod html;
pub mod link;
pub mod scan;
