*** Settings ***
Documentation    Robot start-up alone: import HubTaskLibrary, run nothing against the hub.

Library          HubTaskLibrary    timeout=2 min


*** Test Cases ***
Start Up Only
    No Operation
