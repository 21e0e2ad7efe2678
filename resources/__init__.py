"""Icons, translations and other files shipped with the app."""
