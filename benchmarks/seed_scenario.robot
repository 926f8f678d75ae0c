*** Settings ***
Documentation    The seed scenario as the benchmark runs it with HubTaskLibrary:
...              run.py starts this file as one `robot` process per repetition and
...              times the whole process. The hub comes from HUB_URL & co.

Library          HubTaskLibrary    timeout=2 min
...              timeline=${WATCH}    progress=${WATCH}    run_summary=${WATCH}


*** Variables ***
${NAMESPACE}    bench_robot
# False: no timeline pictures, progress lines or run summary (the library before issue 14).
${WATCH}        True


*** Test Cases ***
Seed Scenario
    Create Namespace    ${NAMESPACE}
    Wait For All Tasks    scope=mine
    Upload Collection    ${NAMESPACE}    collection1    wait=False
    Upload Collection    ${NAMESPACE}    collection2    wait=False
    Upload Collection    ${NAMESPACE}    collection3    wait=False
    Wait For All Tasks    scope=mine
    Approve Collection    ${NAMESPACE}    collection1
    ${task} =    Delete Collection    ${NAMESPACE}    collection1    wait=False
    Wait For Task    ${task}
