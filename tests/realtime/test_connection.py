from __future__ import annotations

from cardapp.extensions import socketio


def test_a_connection_that_does_not_say_which_screen_it_is_is_refused(app):
    anonymous = socketio.test_client(app)
    assert not anonymous.is_connected()
    unknown = socketio.test_client(app, auth={"screen": "phone", "workshop_id": 999})
    assert not unknown.is_connected()
