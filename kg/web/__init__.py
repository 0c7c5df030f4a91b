"""The HTTP publishing layer: ``create_app(store, settings)`` and ``serve(store_path, settings)``."""
