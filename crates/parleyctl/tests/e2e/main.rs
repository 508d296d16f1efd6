//! End-to-end tests: the real `parleyctl` binary against a real Synapse, with the
//! real Secret Service keyring. Run through `make test`, which starts both.

mod audit;
mod bad_input;
mod catch_up;
mod conversation;
mod dlp;
mod enterprise;
mod fault_proxy;
mod faults;
mod federation;
mod files;
mod identity;
mod links;
mod locked_keyring;
mod messaging;
mod network_faults;
mod privacy;
mod restart;
mod room_list;
mod rooms;
mod secrets_hygiene;
mod storage_faults;
mod support;
mod trust;
mod unencrypted;
mod verification;
