//! Integration tests: a real WebSocket client on 127.0.0.1 drives the simulator, started
//! in-process on port 0, through every command and fault. Responses and secondary events
//! are checked in order and against the shapes of `tests/fixtures/protocol`, and every
//! frame must decode with the core's own codec into a typed frame.

mod access;
mod bootstrap;
mod channel;
mod cli;
mod creation;
mod engine;
mod faults;
mod interaction;
mod limits;
mod session;
mod support;
mod traffic;
mod web;
