"""Warming up: the model and the word tables are loaded once, in the background."""

from workbench import warming
from workbench.engine import Engine
from workbench.glossary import german


def test_warm_up_loads_the_model_and_the_tagger_once(echo_model):
    engine = Engine(echo_model)
    assert not engine.loaded and warming.warming(engine) is None
    ready = warming.warm_up(engine)
    assert ready.wait(120)
    assert engine.loaded
    assert german._tagger is not None
    assert warming.warm_up(engine) is ready  # every page view asks again: nothing more happens
