"""The Train page's room: the network, data and settings, starting runs, and the live panel."""
