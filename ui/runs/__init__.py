"""The Runs page's room: the table of every run and the actions on one."""
