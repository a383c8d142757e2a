from .cli import entry

if __name__ == "__main__":  # worker processes started afresh import this module again
    entry()
