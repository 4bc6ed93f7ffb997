"""localstripe on 127.0.0.1:PORT with its state in memory (its own launcher binds every interface
and pickles to one shared file). Run: python localstripe_server.py PORT"""
import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None
web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
