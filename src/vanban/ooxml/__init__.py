"""Raw Office Open XML: opening packages within bounds (package.py). The
WordprocessingML of thể thức is moving here from layout.py as it is touched."""
