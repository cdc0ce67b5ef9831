"""After the call: the wrap-up window — the buyer's reasons, takeaways routed and backed by quotes, completion.

Entry point: ``dialog.open_wrapup``.
"""
