//! Session-resource commands (PROTOCOL.md §3) and their two dialects (WIRE-PROFILE §4).

use super::codec::{FieldError, FromJson, ToJson};
use super::data::*;
use super::schema::{self, Data};
use super::types::*;
use crate::proto::json::{Json, Reader};

/// Which generation of command names a server speaks (WIRE-PROFILE §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    /// `channel.ready`, `session.addchannel`, `session.start`, … (the seed's; the default).
    #[default]
    Legacy,
    /// `channel.request.ready`, `session.request.addchannel`, `session.request.start`, …
    Current,
}

impl Dialect {
    /// `legacy` / `current`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Legacy => "legacy",
            Dialect::Current => "current",
        }
    }

    /// The other generation.
    pub fn other(self) -> Dialect {
        match self {
            Dialect::Legacy => Dialect::Current,
            Dialect::Current => Dialect::Legacy,
        }
    }

    /// Parses `legacy` / `current`.
    pub fn parse(s: &str) -> Option<Dialect> {
        match s {
            "legacy" => Some(Dialect::Legacy),
            "current" => Some(Dialect::Current),
            _ => None,
        }
    }
}

/// The kind of object a command addresses (its target), or none for `prepareSession`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// No target (service request).
    None,
    /// `<session>`.
    Session,
    /// `<session>.<group>`.
    ChannelGroup,
    /// A channel.
    Channel,
    /// An interaction.
    Interaction,
    /// A conversation.
    Conversation,
}

macro_rules! commands {
    ($( $(#[$m:meta])* $kind:ident ( $data:ty ) = $legacy:literal, $current:literal, $target:ident; )*) => {
        /// Every command of PROTOCOL.md, without its data.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CommandKind { $( $(#[$m])* $kind, )* }

        /// A session-resource (or service) command with its typed `data`.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Command {
            $( $(#[$m])* $kind($data), )*
            /// A command this version does not know, kept with its raw data.
            Unknown {
                /// The command name as it came (trimmed).
                name: String,
                /// Its data.
                data: Json,
            },
        }

        impl CommandKind {
            /// Every kind, for tables and tests.
            pub const ALL: &'static [CommandKind] = &[$(CommandKind::$kind),*];

            /// Every kind's legacy and current names, in [`CommandKind::ALL`]'s order (a
            /// table rather than a match).
            const NAMES: &'static [[&'static str; 2]] = &[$( [$legacy, $current], )*];

            /// The wire name in a dialect.
            pub fn name(self, dialect: Dialect) -> &'static str {
                let names = CommandKind::NAMES.get(self as usize).copied().unwrap_or_default();
                names.get(dialect as usize).copied().unwrap_or_default()
            }

            /// The kind for a wire name in either dialect (surrounding spaces ignored,
            /// PROTOCOL.md 1.4 quirk).
            pub fn from_name(name: &str) -> Option<CommandKind> {
                let name = name.trim();
                CommandKind::ALL.iter().copied().find(|k| k.name(Dialect::Legacy) == name || k.name(Dialect::Current) == name)
            }

            /// The kind of object this command targets.
            pub fn target_kind(self) -> TargetKind {
                match self { $( CommandKind::$kind => TargetKind::$target, )* }
            }
        }

        impl Command {
            /// The kind, or `None` for an unknown command.
            pub fn kind(&self) -> Option<CommandKind> {
                match self {
                    $( Command::$kind(_) => Some(CommandKind::$kind), )*
                    Command::Unknown { .. } => None,
                }
            }

            /// Decodes the data of a command of a known kind.
            ///
            /// # Errors
            /// The member of `data` that does not fit the command.
            pub fn from_data(kind: CommandKind, data: &Json) -> Result<Command, FieldError> {
                let text = data.to_json_string();
                Command::read_data(kind, &mut Reader::new(&text))
            }

            /// Reads the data of a command of a known kind at the reader's cursor.
            ///
            /// # Errors
            /// The member of `data` that does not fit the command.
            pub fn read_data(kind: CommandKind, r: &mut Reader<'_>) -> Result<Command, FieldError> {
                // A kind with a table is read by the one schema decoder (its table found by
                // the kind's index: a `match` here is threaded into the one below, the read
                // copied into every kind's arm); a typed one by its own decoder.
                const TABLES: &[Option<&'static schema::Shape>] = &[$( <$data as Data>::TABLE, )*];
                let Some(table) = TABLES.get(kind as usize).copied().flatten() else {
                    return Command::read_typed(kind, r);
                };
                let j = schema::read(r, table)?;
                Ok(match kind {
                    $( CommandKind::$kind => match <$data as Data>::from_checked(j) {
                        Ok(d) => Command::$kind(d),
                        Err(data) => Command::Unknown { name: kind.name(Dialect::Legacy).to_owned(), data },
                    }, )*
                })
            }

            /// A kind without a table, by its own decoder.
            #[inline(never)]
            fn read_typed(kind: CommandKind, r: &mut Reader<'_>) -> Result<Command, FieldError> {
                match kind {
                    $( CommandKind::$kind if <$data as Data>::TABLE.is_none() => <$data>::read(r).map(Command::$kind), )*
                    // Not reached: every other kind has a table.
                    _ => Err(FieldError::missing()),
                }
            }

            /// The `data` member.
            pub fn data(&self) -> Json {
                // The trees cloned by one call (not one per kind).
                let tree = match self {
                    $( Command::$kind(d) => d.tree(), )*
                    Command::Unknown { data, .. } => Some(data),
                };
                if let Some(t) = tree {
                    return t.clone();
                }
                match self {
                    $( Command::$kind(d) => d.to_json(), )*
                    Command::Unknown { data, .. } => data.clone(),
                }
            }
        }
    };
}

// The kinds without a table (read by their own typed decoders).
impl Data for SignalData {}

commands! {
    /// `prepareSession` (service request to the processor, 2.4).
    PrepareSession(PrepareSession) = "prepareSession", "prepareSession", None;
    /// Start the session after binding it (**[I]** names, WIRE-PROFILE §3.6).
    SessionStart(Empty) = "session.start", "session.request.start", Session;
    /// End the session (2.7).
    Logout(Empty) = "session.request.logout", "session.request.logout", Session;
    /// Add a channel to the session.
    AddChannel(AddChannel) = "session.addchannel", "session.request.addchannel", Session;
    /// Add a channel group to the session (**[I]** data).
    AddChannelGroup(AddChannelGroup) = "session.addchannelgroup", "session.request.addchannelgroup", Session;
    /// Ask for the not-ready reasons (answered by `session.externalnotreadyreasons.updated`).
    RequestNotReadyReasons(Empty) = "session.request.externalnotreadyreasons", "session.request.externalnotreadyreasons", Session;
    /// Ask for the logout reasons (answered by `session.externallogoutreasons.updated`).
    RequestLogoutReasons(Empty) = "session.request.externallogoutreasons", "session.request.externallogoutreasons", Session;
    /// Read the address book (InContact).
    AddressBook(AddressBookRequest) = "session.request.incontact.addressbook", "session.request.incontact.addressbook", Session;
    /// Connect the agent leg (InContact).
    AgentLegConnect(Empty) = "session.request.incontact.agentleg.connect", "session.request.incontact.agentleg.connect", Session;
    /// Disconnect the agent leg (InContact).
    AgentLegDisconnect(Empty) = "session.request.incontact.agentleg.disconnect", "session.request.incontact.agentleg.disconnect", Session;
    /// Activate one channel of a group (**[I]** target and data).
    GroupActivate(ActivateData) = "channelgroup.request.activate", "channelgroup.request.activate", ChannelGroup;
    /// Activate every channel of a group, stopping at the first failure.
    GroupActivateAll(ActivateData) = "channelgroup.request.activateall", "channelgroup.request.activateall", ChannelGroup;
    /// Deactivate every channel of a group (going not ready first where ready).
    GroupDeactivateAll(DeactivateData) = "channelgroup.request.deactivateall", "channelgroup.request.deactivateall", ChannelGroup;
    /// Log the agent into a channel.
    Activate(ActivateData) = "channel.activate", "channel.request.activate", Channel;
    /// Log the agent out of a channel.
    Deactivate(DeactivateData) = "channel.deactivate", "channel.request.deactivate", Channel;
    /// Make the agent ready.
    Ready(Empty) = "channel.ready", "channel.request.ready", Channel;
    /// Make the agent not ready (or after-call work with `acw`).
    NotReady(NotReadyData) = "channel.notready", "channel.request.notready", Channel;
    /// Dial out (telephony).
    Dial(DialData) = "channel.dial", "channel.request.dial", Channel;
    /// List the scripts of a channel (InContact).
    GetScripts(Empty) = "channel.request.incontact.getscripts", "channel.request.incontact.getscripts", Channel;
    /// Accept an alerting interaction.
    Accept(Empty) = "interaction.accept", "interaction.request.accept", Interaction;
    /// Place a consult call from an established interaction (**[I]** command, see [`ConsultData`]).
    /// Only the back-end's name is known (PROTOCOL 3.4), and it already has `.request.`: the
    /// same name in both dialects (WIRE-PROFILE §4).
    Consult(ConsultData) = "interaction.request.consult", "interaction.request.consult", Interaction;
    /// Join the original party with the consult party.
    ConsultTransfer(Empty) = "interaction.consulttransfer", "interaction.request.consulttransfer", Interaction;
    /// Bring the consult party into the call.
    ConsultConference(Empty) = "interaction.consultconference", "interaction.request.consultconference", Interaction;
    /// Start recording.
    RecordingStart(Empty) = "interaction.request.recording.start", "interaction.request.recording.start", Interaction;
    /// Stop recording (succeeds when already stopped).
    RecordingStop(Empty) = "interaction.request.recording.stop", "interaction.request.recording.stop", Interaction;
    /// Pause recording (telephony).
    RecordingPause(Empty) = "interaction.request.recording.pause", "interaction.request.recording.pause", Interaction;
    /// Resume recording.
    RecordingResume(Empty) = "interaction.request.recording.resume", "interaction.request.recording.resume", Interaction;
    /// Signal the interaction's InContact script.
    Signal(SignalData) = "interaction.request.incontact.signal", "interaction.request.incontact.signal", Interaction;
    /// Answer an alerting call.
    Answer(Empty) = "conversation.answer", "conversation.request.answer", Conversation;
}

impl CommandKind {
    /// The dialect a wire name belongs to, when it tells (names shared by both dialects
    /// answer `None`).
    pub fn dialect_of(self, name: &str) -> Option<Dialect> {
        let (l, c) = (self.name(Dialect::Legacy), self.name(Dialect::Current));
        let name = name.trim();
        if l == c {
            None
        } else if name == l {
            Some(Dialect::Legacy)
        } else if name == c {
            Some(Dialect::Current)
        } else {
            None
        }
    }
}

impl Command {
    /// Decodes a command from its name and data; an unknown name gives [`Command::Unknown`].
    ///
    /// # Errors
    /// The member of `data` that does not fit a known command.
    pub fn decode(name: &str, data: &Json) -> Result<Command, FieldError> {
        match CommandKind::from_name(name) {
            Some(kind) => Command::from_data(kind, data),
            None => Ok(Command::Unknown { name: name.trim().to_owned(), data: data.clone() }),
        }
    }

    /// An equal command, made from its name and data through the one decoder (a recording
    /// and its replay copy commands this way: no clone of every command's data is linked).
    pub fn copy(&self) -> Command {
        let (name, data) = (self.name(Dialect::Legacy), self.data());
        Command::decode(name, &data)
            .unwrap_or_else(|_| Command::Unknown { name: name.trim().to_owned(), data: data.clone() })
    }

    /// The wire name in `dialect`.
    pub fn name(&self, dialect: Dialect) -> &str {
        match self {
            Command::Unknown { name, .. } => name,
            other => other.kind().map_or("", |k| k.name(dialect)),
        }
    }

    /// The correlation key of WIRE-PROFILE §5: known commands compare by kind, so a server
    /// that echoes the other dialect's spelling still matches; unknown ones by trimmed name.
    pub fn key(&self) -> CommandKey {
        match self {
            Command::Unknown { name, .. } => CommandKey::Unknown(name.trim().to_owned()),
            other => other.kind().map_or(CommandKey::Unknown(String::new()), CommandKey::Known),
        }
    }
}

/// What identifies a command for response correlation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommandKey {
    /// A command of PROTOCOL.md.
    Known(CommandKind),
    /// Any other name (trimmed).
    Unknown(String),
}

impl CommandKey {
    /// The key of a wire name.
    pub fn of_name(name: &str) -> CommandKey {
        match CommandKind::from_name(name) {
            Some(k) => CommandKey::Known(k),
            None => CommandKey::Unknown(name.trim().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_maps_back_to_its_kind_in_both_dialects() {
        for &k in CommandKind::ALL {
            for d in [Dialect::Legacy, Dialect::Current] {
                assert_eq!(CommandKind::from_name(k.name(d)), Some(k));
                assert_eq!(CommandKind::from_name(&format!(" {} ", k.name(d))), Some(k));
            }
        }
        assert_eq!(CommandKind::from_name("channel.request.ready"), Some(CommandKind::Ready));
        assert_eq!(CommandKind::Ready.dialect_of("channel.ready"), Some(Dialect::Legacy));
        assert_eq!(CommandKind::Logout.dialect_of("session.request.logout"), None);
    }

    #[test]
    fn a_copy_through_the_decoder_is_equal() {
        let data = |kind: CommandKind, text: &str| Command::from_data(kind, &Json::parse(text).unwrap()).unwrap();
        let commands = [
            data(CommandKind::NotReady, r#"{"x":[1,{"y":null}],"reasondesc":"Lunch","reasoncode":"12","x":2}"#),
            data(CommandKind::Signal, r#"{"p3":"c","zz":1,"p1":"a","p21":"no"}"#),
            data(CommandKind::Dial, r#"{"destination":"+1","extensions":{"a":[true]}}"#),
            data(CommandKind::Deactivate, r#"{"channelOptions":{"reason":"3","q":1}}"#),
            data(CommandKind::PrepareSession, r#"{"agent":{"id":"a","password":"p"},"override":true}"#),
            data(CommandKind::Ready, "{}"),
            Command::Unknown { name: "x.y".into(), data: Json::parse(r#"{"b":1,"a":[null]}"#).unwrap() },
        ];
        for c in commands {
            assert_eq!(c.copy(), c);
        }
    }

    #[test]
    fn names_are_unique_across_kinds() {
        let mut seen = std::collections::BTreeMap::new();
        for &k in CommandKind::ALL {
            for d in [Dialect::Legacy, Dialect::Current] {
                if let Some(prev) = seen.insert(k.name(d), k) {
                    assert_eq!(prev, k, "{} names two commands", k.name(d));
                }
            }
        }
    }
}
