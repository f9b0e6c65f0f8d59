//! Checks of page input before anything is sent (`invalidArgument`), and the "applied"
//! predicates: when the model shows that a command took effect.

use super::error::CommandError;
use crate::proto::model::{ChangeKind, Changes, InteractionState, Model, ObjectKind};
use crate::proto::target;
use crate::proto::text::{Code, Msg};
use crate::proto::wire::schema::{flag, text};
use crate::proto::wire::{AgentStatusValue as S, ChannelState, Command, CommandKind, EventKind, TargetKind};

fn kind_name(k: TargetKind) -> &'static str {
    match k {
        TargetKind::None => "nothing",
        TargetKind::Session => "session",
        TargetKind::ChannelGroup => "channel group",
        TargetKind::Channel => "channel",
        TargetKind::Interaction => "interaction",
        TargetKind::Conversation => "conversation",
    }
}

fn object_matches(k: TargetKind, o: ObjectKind) -> bool {
    matches!(
        (k, o),
        (TargetKind::Session, ObjectKind::Session)
            | (TargetKind::ChannelGroup, ObjectKind::ChannelGroup)
            | (TargetKind::Channel, ObjectKind::Channel)
            | (TargetKind::Interaction, ObjectKind::Interaction)
            | (TargetKind::Conversation, ObjectKind::Conversation)
    )
}

/// An `invalidArgument` error about `argument` whose message has the one argument `arg`: one
/// out-of-line function for `check`'s rejections (issue 14: each built inline was its own
/// copy of the message's construction).
#[inline(never)]
fn bad(argument: &'static str, code: Code, arg: &str) -> CommandError {
    CommandError::invalid(argument, Msg::new(code).arg(arg))
}

/// Whether `v` is blank (an argument that must not be).
fn blank(v: &str) -> bool {
    v.trim().is_empty()
}

/// Checks a page command against the model and returns the target to send it to (a session
/// command without a target goes to the session).
///
/// # Errors
/// [`CommandError::InvalidArgument`] naming the argument at fault.
pub fn check(model: &Model, command: &Command, target: Option<&str>) -> Result<Option<String>, CommandError> {
    let Some(kind) = command.kind() else {
        // The raw escape hatch: any name, any syntactically valid target.
        if blank(command.name(Default::default())) {
            return Err(bad("command", Code::MustNotBeEmpty, "command"));
        }
        if let Some(t) = target {
            target::validate(t).map_err(|e| CommandError::invalid("target", e.msg()))?;
        }
        return Ok(target.map(str::to_owned));
    };
    if matches!(kind, CommandKind::PrepareSession | CommandKind::SessionStart) {
        return Err(bad("command", Code::SentByAgentwire, kind.name(Default::default())));
    }
    let want = kind.target_kind();
    let target = match (target, want) {
        (None, TargetKind::Session) => {
            model.session_id().map(str::to_owned).ok_or_else(|| CommandError::invalid("target", Code::NoSessionYet))?
        }
        (None, _) => return Err(bad("target", Code::TargetRequired, kind_name(want))),
        (Some(t), _) => t.to_owned(),
    };
    target::validate(&target).map_err(|e| CommandError::invalid("target", e.msg()))?;
    match model.resolve(&target) {
        Some(o) if object_matches(want, o) => {}
        Some(o) => {
            return Err(CommandError::invalid(
                "target",
                Msg::new(Code::TargetIsA)
                    .arg(target.as_str())
                    .arg(o.name())
                    .arg(kind.name(Default::default()))
                    .arg(kind_name(want)),
            ))
        }
        None => {
            return Err(CommandError::invalid("target", Msg::new(Code::NoSuchTarget).arg(kind_name(want)).arg(target)))
        }
    }
    // The arguments that must not be blank, each checked at one place.
    let required = match command {
        Command::NotReady(d) if blank(d.reasoncode()) => Some("reasonCode"),
        Command::Dial(d) if blank(d.destination()) => Some("destination"),
        Command::Consult(d) if blank(d.destination()) => Some("destination"),
        Command::AddChannel(d) if blank(d.endpoint()) => Some("endpoint"),
        Command::AddChannel(d) if blank(d.kind()) => Some("type"),
        Command::AddChannelGroup(d) if blank(d.name()) => Some("name"),
        _ => None,
    };
    if let Some(a) = required {
        return Err(bad(a, Code::MustNotBeEmpty, a));
    }
    match command {
        Command::NotReady(d) => {
            let reasons = model.not_ready_reasons();
            if d.reasoncode() != "acw" && !reasons.is_empty() {
                // PROTOCOL 3.1: `reasonCodeCode` is the value to send (INFERRED), so the id is
                // accepted too rather than refusing what a server may expect.
                let is = |r: &&crate::proto::json::Json, k: &str| text(r, k) == Some(d.reasoncode());
                match reasons.iter().find(|r| is(r, "reasonCodeCode") || is(r, "reasonCodeId")) {
                    None => return Err(bad("reasonCode", Code::NotANotReadyReason, d.reasoncode())),
                    Some(r) if flag(r, "selectable") == Some(false) => {
                        return Err(bad("reasonCode", Code::NotSelectable, d.reasoncode()))
                    }
                    Some(_) => {}
                }
            }
        }
        Command::Deactivate(d) | Command::GroupDeactivateAll(d) => {
            if let Some(reason) = d.reason() {
                let reasons = model.logout_reasons();
                if !reasons.is_empty()
                    && !reasons.iter().any(|r| {
                        text(r, "logoutReasonCode") == Some(reason) || text(r, "logoutReasonId") == Some(reason)
                    })
                {
                    return Err(bad("reason", Code::NotALogoutReason, reason));
                }
            }
        }
        Command::Signal(d) => {
            if d.params.is_empty() {
                return Err(CommandError::invalid("params", Code::NeedParams));
            }
            if let Some((n, _)) = d.params.iter().find(|(_, v)| v.is_empty()) {
                return Err(CommandError::invalid("params", Msg::new(Code::EmptyParam).arg(u64::from(*n))));
            }
        }
        _ => {}
    }
    Ok(Some(target))
}

/// Progress a pending `until: applied` command has observed since it was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// The interaction that appeared on the command's channel (dial).
    pub new_interaction: Option<String>,
    /// The matching list event arrived (reason requests).
    pub list_updated: bool,
    /// A channel or group was added (add channel / group).
    pub added: bool,
    /// The interaction ended or was removed (consult transfer).
    pub interaction_gone: bool,
}

/// Records what an event (`event`, when the input was one) and its `changes` mean for a
/// pending command. The reason lists confirm by their event even when the list is unchanged.
pub fn observe(obs: &mut Observed, command: &Command, target: &str, event: Option<EventKind>, changes: &Changes) {
    match (command, event) {
        (Command::RequestNotReadyReasons(_), Some(EventKind::NotReadyReasonsUpdated))
        | (Command::RequestLogoutReasons(_), Some(EventKind::LogoutReasonsUpdated)) => obs.list_updated = true,
        _ => {}
    }
    for c in changes {
        match (command, c.object, c.kind) {
            (Command::Dial(_), ObjectKind::Interaction, ChangeKind::Added)
                if obs.new_interaction.is_none() && target::parent(&c.target) == Some(target) =>
            {
                obs.new_interaction = Some(c.target.clone());
            }
            (Command::RequestNotReadyReasons(_), ObjectKind::NotReadyReasons, _)
            | (Command::RequestLogoutReasons(_), ObjectKind::LogoutReasons, _) => obs.list_updated = true,
            (
                Command::AddChannel(_) | Command::AddChannelGroup(_),
                ObjectKind::Channel | ObjectKind::ChannelGroup,
                ChangeKind::Added,
            ) => {
                obs.added = true;
            }
            (Command::ConsultTransfer(_), ObjectKind::Interaction, ChangeKind::Removed) if c.target == target => {
                obs.interaction_gone = true;
            }
            _ => {}
        }
    }
}

/// Whether the model shows `command` applied. Commands with no documented confirming event
/// (recording, signal, scripts, address book, logout, …) are applied when accepted.
pub fn applied(model: &Model, command: &Command, target: &str, obs: &Observed) -> bool {
    let channel_state = |want: ChannelState| model.channel(target).is_some_and(|c| c.state == want);
    let status = |ok: &[S]| model.channel(target).and_then(|c| c.status()).is_some_and(|s| ok.contains(s));
    let interaction_state = |t: &str, ok: &[InteractionState]| {
        model.interactions().get(t).and_then(|i| i.state.as_ref()).is_some_and(|s| ok.contains(s))
    };
    match command {
        Command::Activate(_) => channel_state(ChannelState::Active),
        Command::Deactivate(_) => channel_state(ChannelState::Inactive),
        Command::Ready(_) => status(&[S::Ready, S::BusyReady]),
        Command::NotReady(d) if d.reasoncode() == "acw" => status(&[S::AfterCallWork, S::BusyAfterCallWork]),
        Command::NotReady(d) => {
            let Some(c) = model.channel(target) else {
                return false;
            };
            let Some(a) = &c.agent_status else {
                return false;
            };
            let id = model
                .not_ready_reasons()
                .iter()
                .find(|r| text(r, "reasonCodeCode") == Some(d.reasoncode()))
                .and_then(|r| text(r, "reasonCodeId"));
            matches!(a.status, S::NotReady | S::BusyNotReady)
                && match a.last_reason_code.as_deref() {
                    None => true,
                    Some(code) => code == d.reasoncode() || Some(code) == id,
                }
        }
        Command::GroupActivateAll(_) => {
            let mut chans = model.channels_of_group(target).peekable();
            chans.peek().is_some() && chans.all(|c| c.state == ChannelState::Active)
        }
        Command::GroupDeactivateAll(_) => model.channels_of_group(target).all(|c| c.state == ChannelState::Inactive),
        Command::GroupActivate(_) => model.channels_of_group(target).any(|c| c.state == ChannelState::Active),
        Command::Accept(_) => interaction_state(target, &[InteractionState::Started]),
        Command::Answer(_) => {
            target::parent(target).is_some_and(|ix| interaction_state(ix, &[InteractionState::Started]))
                || model.conversations().get(target).and_then(|c| c.state.as_ref()) == Some(&InteractionState::Started)
        }
        // The dialled interaction has its first state (DIALING), or has already come and gone.
        Command::Dial(_) => obs
            .new_interaction
            .as_deref()
            .is_some_and(|t| model.interactions().get(t).is_none_or(|i| i.state.is_some())),
        Command::RequestNotReadyReasons(_) | Command::RequestLogoutReasons(_) => obs.list_updated,
        Command::AddChannel(_) | Command::AddChannelGroup(_) => obs.added,
        Command::ConsultTransfer(_) => {
            obs.interaction_gone || interaction_state(target, &[InteractionState::Ended, InteractionState::Completed])
        }
        _ => true,
    }
}
