class ConfigError(Exception):
    pass


def load():
    try:
        int("not a number")
    except ValueError as err:
        raise ConfigError("bad config") from err


try:
    load()
except ConfigError:
    raise RuntimeError("while reporting")
