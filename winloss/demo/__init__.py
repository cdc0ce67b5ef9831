"""The demo program: believable deals, accounts and contacts, then a program's history built through the same
services a user's actions go through (``build.build_demo``)."""
