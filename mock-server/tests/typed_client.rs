//! The generated typed client (feature `client` of the generated crate)
//! drives a multi-user scenario against the mock over a real socket. Every
//! answer is read into its generated response type, so an answer of the mock
//! that does not fit the spec's type fails here as `Error::Decode`.

mod support;

use client_server_v2::client::{Client, Error};
use client_server_v2::*;
use serde_json::json;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

async fn register(base: &str, name: &str) -> (Client, UserId) {
    let anon = Client::new(base);
    let r = anon
        .register(&version_2_api::RegisterRequest { username: name.into(), password: "secret".into() })
        .await
        .unwrap_or_else(|e| panic!("register {name}: {e}"));
    (Client::new(base).with_token(r.access_token), r.user_id)
}

#[test]
fn a_two_user_scenario_fits_every_generated_response_type() {
    let s = support::start(support::builtin());
    let base = format!("http://{}", s.addr);
    runtime().block_on(async {
        let (alice, alice_id) = register(&base, "alice").await;
        let (bob, bob_id) = register(&base, "bob").await;

        // A room with an alias, Bob invited.
        let room = alice
            .create_room(&room_creation_api::CreateRoomRequest {
                invitees: Some(vec![bob_id.clone()]),
                published: Some(true),
                name: Some("Garden".into()),
                topic: Some("Plants".into()),
                alias_localpart: Some("garden".into()),
            })
            .await
            .unwrap()
            .room_id;
        let sync = bob.sync(&global_initial_sync_api::SyncRequest { filter: None, since: None, limit: None }).await.unwrap();
        assert_eq!(sync.invites.len(), 1);
        assert_eq!(sync.invites[0].room_id, room);
        assert_eq!(sync.invites[0].name.as_deref(), Some("Garden"));

        // Bob resolves the alias and joins by it.
        let alias = RoomAlias::from("#garden:localhost");
        let resolved = bob.resolve_alias(&room_alias_api::ResolveAliasRequest { room_alias: alias.clone() }).await.unwrap();
        assert_eq!(resolved.room_id, room);
        let joined =
            bob.join(&joining_api::JoinRequest { room_id_or_alias_or_invite_event_id: alias.to_string(), filter: None }).await.unwrap();
        assert_eq!(joined.room_id, room);
        assert!(joined.state.iter().any(|e| e.type_ == "m.room.name"));

        // Messages: one, a compact one, and a batch with an action ID retried.
        let full = alice
            .send(&send_a_message::SendRequest {
                room_id: room.clone(),
                content: obj(json!({"body": "hi"})),
                action_id: None,
                compact: None,
            })
            .await
            .unwrap();
        assert_eq!(full.sender.as_ref(), Some(&alice_id));
        let compact = alice
            .send(&send_a_message::SendRequest {
                room_id: room.clone(),
                content: obj(json!({"body": "short"})),
                action_id: None,
                compact: Some(true),
            })
            .await
            .unwrap();
        assert!(compact.sender.is_none());
        let batch = send_a_message::SendBatchRequest {
            room_id: room.clone(),
            messages: vec![
                MessageInput { content: obj(json!({"body": "one"})), action_id: Some("a1".into()) },
                MessageInput { content: obj(json!({"body": "two"})), action_id: None },
            ],
        };
        let first = alice.send_batch(&batch).await.unwrap();
        let again = alice.send_batch(&batch).await.unwrap();
        assert_eq!(first.events[0].event_id, again.events[0].event_id, "an action ID makes a retry return the first answer");

        // Reading: the event stream, scrollback, a context window, children.
        let stream =
            bob.events(&event_stream_api::EventsRequest { from: Some(sync.next.clone()), filter: None, timeout: Some(0) }).await.unwrap();
        assert!(stream.chunk.iter().any(|e| e.content == Some(json!({"body": "hi"}))));
        let back = bob
            .messages(&scrollback_api::MessagesRequest { room_id: room.clone(), limit: Some(2), filter: None, backfill: None, from: None })
            .await
            .unwrap();
        assert_eq!(back.chunk.len(), 2);
        let window = bob
            .context(&contextual_windowing_api::ContextRequest {
                room_id: room.clone(),
                limit: Some(3),
                filter: None,
                event_id: full.event_id.clone(),
                dir: contextual_windowing_api::ContextGetResults::Around,
            })
            .await
            .unwrap();
        assert!(window.chunk.iter().any(|e| e.event_id == full.event_id));
        bob.children(&relates_to_pagination_api::ChildrenRequest { event_id: full.event_id.clone(), from: None, limit: None })
            .await
            .unwrap();

        // State: one event, a batch, a deletion, power levels, a marker.
        alice
            .set_state(&sending_state_events::SetStateRequest {
                event_type: "org.example.colour".into(),
                state_key: "leaf".into(),
                room_id: room.clone(),
                content: obj(json!({"colour": "green"})),
                action_id: None,
            })
            .await
            .unwrap();
        alice
            .set_state_batch(&sending_state_events::SetStateBatchRequest {
                room_id: room.clone(),
                events: vec![StateEventInput { type_: "org.example.x".into(), state_key: "k".into(), content: obj(json!({"a": 1})) }],
                action_id: None,
            })
            .await
            .unwrap();
        alice
            .delete_state(&deleting_state_events::DeleteStateRequest {
                event_type: "org.example.x".into(),
                state_key: "k".into(),
                room_id: room.clone(),
                action_id: None,
            })
            .await
            .unwrap();
        alice
            .patch_power_levels(&patching_power_levels::PatchPowerLevelsRequest {
                room_id: room.clone(),
                key: "kick".into(),
                value: json!(60),
                action_id: None,
            })
            .await
            .unwrap();
        bob.set_marker(&read_up_to_markers::SetMarkerRequest {
            marker_type: "m.room.marker.read".into(),
            event_id: full.event_id.clone(),
            room_id: room.clone(),
            action_id: None,
        })
        .await
        .unwrap();

        // People: profile, presence, typing.
        alice
            .set_displayname(&user_profile_api::SetDisplaynameRequest { user_id: alice_id.clone(), displayname: "Alice".into() })
            .await
            .unwrap();
        let profile = bob.get_profile(&user_profile_api::GetProfileRequest { user_id: alice_id.clone(), keys: None }).await.unwrap();
        assert_eq!(profile.displayname.as_deref(), Some("Alice"));
        alice
            .set_presence(&presence_api::SetPresenceRequest {
                presence: presence_api::SetPresencePresenceState::Away,
                user_id: alice_id.clone(),
            })
            .await
            .unwrap();
        let presence = bob.get_presence(&presence_api::GetPresenceRequest { user_id: alice_id.clone() }).await.unwrap();
        assert_eq!(presence.presence, "away");
        alice
            .typing(&typing_api::TypingRequest { room_id: room.clone(), user_id: alice_id.clone(), typing: true, timeout: Some(5000) })
            .await
            .unwrap();

        // The directory, filters, devices, capabilities.
        let public = bob
            .public_rooms(&published_room_list_api::PublicRoomsRequest { search: None, server: None, since: None, limit: Some(10) })
            .await
            .unwrap();
        assert_eq!(public.rooms[0].room_id, room);
        let filter = bob
            .create_filter(&filter_api::CreateFilterRequest {
                types: Some(vec!["m.room.message".into()]),
                rooms: None,
                users: None,
                federation_format: None,
                coalesce_updates: None,
                coalesce_relates_to: None,
                keys: None,
                user_id: bob_id.clone(),
            })
            .await
            .unwrap();
        let read_back = bob
            .get_filter(&filter_api::GetFilterRequest { user_id: bob_id.clone(), filter_token: filter.filter_token.clone() })
            .await
            .unwrap();
        assert_eq!(read_back.types, Some(vec!["m.room.message".to_string()]));
        let devices = alice.list_devices(&account_management_api::ListDevicesRequest { user_id: alice_id.clone() }).await.unwrap();
        assert_eq!(devices.devices.len(), 1);
        let caps = bob.capabilities(&capabilities_api::CapabilitiesRequest {}).await.unwrap();
        assert!(!caps.capabilities.is_empty());

        // Leaving; and an error answer is typed.
        bob.leave(&leaving_a_room::LeaveRequest { room_id: room.clone(), action_id: None }).await.unwrap();
        let err = bob
            .send(&send_a_message::SendRequest { room_id: room.clone(), content: obj(json!({})), action_id: None, compact: None })
            .await
            .unwrap_err();
        match err {
            Error::Api { status, body } => assert_eq!((status, body.code()), (403, Some("M_FORBIDDEN"))),
            other => panic!("expected an API error, got {other}"),
        }
    });
}

#[test]
fn requests_put_each_field_where_the_spec_says() {
    let req = send_a_message::SendRequest {
        room_id: RoomId::from("!r:x"),
        content: obj(json!({"body": "hi"})),
        action_id: None,
        compact: Some(true),
    };
    assert_eq!(req.path(), "/_matrix/client/v2/rooms/%21r%3Ax/send");
    assert_eq!(req.query(), vec![("compact", "true".to_string())]);
    assert_eq!(serde_json::to_value(&req).unwrap(), json!({"content": {"body": "hi"}}), "the body holds body fields only");
    let get = scrollback_api::MessagesRequest { room_id: RoomId::from("!r:x"), limit: Some(5), filter: None, backfill: None, from: None };
    assert_eq!(get.body(), None, "a GET has no body");
    assert_eq!(<scrollback_api::MessagesRequest as Request>::ENDPOINT.name, "messages");
}

/// Event content from JSON text: an object.
fn obj(v: serde_json::Value) -> std::collections::BTreeMap<String, serde_json::Value> {
    serde_json::from_value(v).expect("an object")
}
