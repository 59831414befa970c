"""Reading the store: quote queries, speakers, and the question parser behind ``ask``."""
