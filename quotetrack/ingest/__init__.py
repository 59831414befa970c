"""From sources (files, folders, stdin) to stored documents."""
