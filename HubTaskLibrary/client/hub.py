"""One object that gives access to every area of one hub."""

from __future__ import annotations

from .collections import Collections
from .containers import Containers
from .files import FileRepositories
from .http import HubSession
from .namespaces import Namespaces
from .pipelines import Pipelines
from .polling import PollSchedule
from .repositories import Repositories
from .roles import Roles
from .search import Search
from .signing import Signing
from .tasks import TaskService
from .users import Users


class HubClient:
    def __init__(self, session: HubSession, schedule: PollSchedule | None = None):
        self.session = session
        self.tasks = TaskService(session, schedule)
        self.namespaces = Namespaces(session, self.tasks)
        self.collections = Collections(session, self.tasks)
        self.repositories = Repositories(session, self.tasks)
        self.search = Search(session, self.tasks)
        self.signing = Signing(session, self.tasks)
        self.pipelines = Pipelines(session, self.tasks)
        self.containers = Containers(session, self.tasks)
        self.files = FileRepositories(session, self.tasks)
        self.users = Users(session, self.tasks)
        self.roles = Roles(session, self.tasks, self.users)

    def close(self) -> None:
        self.session.close()
