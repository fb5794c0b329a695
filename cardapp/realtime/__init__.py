"""The Socket.IO side: who is connected, the documented events, and their handlers."""
