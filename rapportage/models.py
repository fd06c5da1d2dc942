"""No models: the overviews compute from the data of the other apps."""
