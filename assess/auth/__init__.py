"""Staff users, departments, sessions and login; who may reach which route."""
