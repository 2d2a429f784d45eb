import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("corpus")
log.info("informational")
log.warning("a warning")
print("stdout between")
log.error("an error")
