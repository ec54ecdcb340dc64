"""In-app and e-mail notifications for every capability."""
