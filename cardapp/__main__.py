"""The `cardapp` command. The only module that knows the async server: it patches first, then runs."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Callable

# Taken before monkey-patching: eventlet's cooperative os.write would wait on the hub, which a
# signal handler must never do.
_write_now = os.write


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["serve"]:
        # Monkey-patching must happen before anything imports socket, threading or ssl.
        async_mode = os.environ.get("CARDAPP_ASYNC_MODE", "eventlet").strip().lower()
        _patch_for(async_mode)
        from cardapp import server

        server.stop_main_loop = _main_loop_stopper(async_mode)
    from cardapp.cli import cli

    cli.main(args=args, prog_name="cardapp")


def _patch_for(async_mode: str) -> None:
    if async_mode == "eventlet":
        import warnings

        # Eventlet is in bug-fix-only maintenance; still the default (docs/performance.md, "Default async mode").
        warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
        _make_psycopg2_cooperative("eventlet")
    elif async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        _make_psycopg2_cooperative("gevent")
    # Any other value is reported as a configuration error by the settings.


def _main_loop_stopper(async_mode: str) -> Callable[[], None] | None:
    """How a signal ends the server under eventlet or gevent: the handler only wakes a greenlet.

    A signal interrupts whatever code happens to run, the hub's own timer and poll bookkeeping
    included. Raising there can drop a timer and leave a greenlet waiting forever, so that the
    server never stops. The handler therefore writes one byte to a socket pair; an ordinary
    greenlet reads it, asks the hub to end the main loop, and sets a deadline for the requests
    still open (a long-polling phone can otherwise hold the shutdown for half a minute).
    """
    if async_mode not in ("eventlet", "gevent"):
        return None
    import greenlet

    from cardapp import server

    main_greenlet = greenlet.getcurrent()
    wake_reader, wake_writer = socket.socketpair()  # cooperative: monkey-patching came first
    end_main_loop = SystemExit(0)

    if async_mode == "eventlet":
        import eventlet
        import eventlet.hubs

        spawn, spawn_after = eventlet.spawn, eventlet.spawn_after

        def stop_from_hub() -> None:
            eventlet.hubs.get_hub().schedule_call_global(0, main_greenlet.throw, end_main_loop)
    else:
        import gevent

        spawn, spawn_after = gevent.spawn, gevent.spawn_later

        def stop_from_hub() -> None:
            gevent.get_hub().loop.run_callback(main_greenlet.throw, end_main_loop)

    def wait_for_signal() -> None:
        wake_reader.recv(1)
        spawn_after(server.SHUTDOWN_GRACE_S, server.stop_now)
        stop_from_hub()

    spawn(wait_for_signal)

    def wake() -> None:
        # An OSError means the pipe is full of earlier signals: the shutdown is already under way.
        with contextlib.suppress(OSError):
            _write_now(wake_writer.fileno(), b"\0")

    return wake


def _make_psycopg2_cooperative(async_mode: str) -> None:
    # psycopg2 blocks the whole process in C unless it is given a wait callback.
    # Only the module of the mode in use: psycogreen.eventlet imports eventlet, which warns on import.
    try:
        if async_mode == "eventlet":
            import psycogreen.eventlet

            psycogreen.eventlet.patch_psycopg()
        else:
            import psycogreen.gevent

            psycogreen.gevent.patch_psycopg()
    except ImportError:
        return


if __name__ == "__main__":
    main()
