*** Settings ***
Documentation       The seed and delete scenarios through a proxy that injects faults into
...                 the library's requests: 429 with and without Retry-After, 502, 503, 504,
...                 connection resets, refused connections, stalls, and new tasks answering
...                 404 or missing from task lists at first (at least ${MIN_FAULTS} faults in
...                 one run). Every test passes;
...                 failed tasks are still reported as failed; errors that are not transient
...                 fail at once with the hub's message; the log counts the retries.
Library             OperatingSystem
Library             String
Library             ../tools/FaultProxy.py
Library             ../tools/LogWatch.py
Library             ../tools/HubProbe.py
Suite Setup         Start Proxy And Import Library
Suite Teardown      Clean Up And Stop Proxy
Test Teardown       Run Keyword If Test Failed    Log Proxy Journal
Test Tags           resilience    faults


*** Variables ***
${SEED}             20241128
${RATE}             0.6
${ROUNDS}           4
${MIN_FAULTS}       200


*** Test Cases ***
Seed Scenario Survives Faults
    [Documentation]    Namespace, 3 uploads, wait all, approve, delete, wait: ${ROUNDS} rounds.
    FOR    ${round}    IN RANGE    ${ROUNDS}
        Seed Round    ${round}
    END
    Log Fault Counts
    ${retries} =    Get Total Logged Retries
    Should Be True    ${retries} > 0    No "Transient failures retried" line was logged.

Delete Scenario Survives Faults
    ${ns} =    Fresh Name    del
    Create Namespace    ${ns}
    Upload Collection    ${ns}    victim    1.0.0
    Upload Collection    ${ns}    victim    1.1.0
    Approve Collection    ${ns}    victim    1.0.0
    Approve Collection    ${ns}    victim    1.1.0
    ${task} =    Delete Collection    ${ns}    victim    1.0.0    wait=False
    ${done} =    Wait For Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Collection Should Not Exist    ${ns}    victim    1.0.0
    Collection Should Exist    ${ns}    victim    1.1.0
    ${task} =    Delete Collection    ${ns}    victim    wait=False
    Wait For Task    ${task}
    Collection Should Not Exist    ${ns}    victim
    Delete Namespace    ${ns}
    Namespace Should Not Exist    ${ns}

Corrupt Upload Still Fails With The Importer's Message
    ${ns} =    Fresh Name    bad
    Create Namespace    ${ns}
    VAR    ${bad}    ${OUTPUT DIR}/artifacts/${ns}-corrupt-1.0.0.tar.gz
    Create File    ${bad}    this is not a tarball
    ${error} =    Run Keyword And Expect Error    *    Upload Collection    ${ns}    corrupt    path=${bad}
    Should Contain    ${error}    ended failed
    Should Contain    ${error}    /ui/task/
    Should Not Contain    ${error}    \n
    ${task} =    Upload Collection    ${ns}    corrupt    path=${bad}    wait=False
    ${failed} =    Task Should Have Failed    ${task}
    Should Not Be Empty    ${failed}[error][description]
    VAR    ${bad2}    ${OUTPUT DIR}/artifacts/${ns}-corrupt2-1.0.0.tar.gz
    Create File    ${bad2}    not a tarball either
    Upload Collection    ${ns}    corrupt2    path=${bad2}    wait=False
    ${error} =    Run Keyword And Expect Error    *    Wait For All Tasks    scope=mine
    Should Contain    ${error}    ended failed
    [Teardown]    Run Keyword And Ignore Error    Delete Namespace    ${ns}

POST Is Re-sent After A Refused Connection
    [Documentation]    Nothing reached the hub, so re-sending a POST is safe.
    ${ns} =    Fresh Name    refused
    Refuse Connections For    0.6
    Create Namespace    ${ns}
    Log Should Contain    Transient failures retried: .*NewConnectionError
    Namespace Should Exist    ${ns}
    [Teardown]    Run Keyword And Ignore Error    Delete Namespace    ${ns}

POST Is Not Re-sent After A Reset And Says Why
    [Documentation]    A reset after the request was sent looks the same whether the hub acted
    ...    or not: the library does not re-send a POST then, and says so in one line.
    ${ns} =    Fresh Name    reset
    Schedule Fault    reset-before    method=POST    path=*/v3/namespaces/
    ${error} =    Run Keyword And Expect Error    *    Create Namespace    ${ns}
    Should Contain    ${error}    not re-sent because the hub may have acted on it
    Should Not Contain    ${error}    \n
    Namespace Should Not Exist    ${ns}

Injected 500 Fails At Once
    ${ns} =    Fresh Name    five
    Schedule Fault    500    method=POST    path=*/v3/namespaces/
    ${started} =    Get Time    epoch
    ${error} =    Run Keyword And Expect Error    *    Create Namespace    ${ns}
    Should Contain    ${error}    failed with 500 Internal Server Error
    Should Not Contain    ${error}    \n
    ${elapsed} =    Evaluate    time.time() - ${started}    modules=time
    Should Be True    ${elapsed} < 10
    Namespace Should Not Exist    ${ns}

Errors That Are Not Transient Fail At Once With The Hub's Message
    ${ns} =    Fresh Name    hard
    Create Namespace    ${ns}
    Upload Collection    ${ns}    keep
    Run Keyword And Expect Error    Namespace '${ns}' already exists*    Create Namespace    ${ns}
    ${ghost} =    Fresh Name    ghost
    Run Keyword And Expect Error    *404*Create namespace '${ghost}' first*
    ...    Upload Collection    ${ghost}    thing
    Run Keyword And Expect Error    Cannot delete namespace '${ns}'*
    ...    Delete Namespace    ${ns}
    Run Keyword And Expect Error    *not found in repository 'published'*
    ...    Delete Collection    ${ns}    nothing_here
    ${url} =    Get Variable Value    ${PROXY_URL}
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=wrong-%{HUB_PASSWORD}    api_prefix=%{HUB_API_PREFIX}    AS    WrongPassword
    Run Keyword And Expect Error    *403*Check username/password or token*
    ...    WrongPassword.List Tasks
    Delete Collection    ${ns}    keep    repository=staging
    Delete Namespace    ${ns}

Enough Faults Were Injected
    ${count} =    Get Fault Count
    ${requests} =    Get Proxied Request Count
    Log Fault Counts
    ${retries} =    Get Total Logged Retries
    Log    ${count} faults in ${requests} requests; the keywords logged ${retries} retries.
    Should Be True    ${count} >= ${MIN_FAULTS}    Only ${count} faults were injected.
    FOR    ${kind}    IN    429    429-retry-after    502    503    504    reset-before
    ...    reset-after    refuse    stall    404-new-task    hidden-new-task    500
        ${n} =    Get Fault Count    ${kind}
        Should Be True    ${n} > 0    No '${kind}' fault was injected.
    END


*** Keywords ***
Start Proxy And Import Library
    [Documentation]    The fault proxy, and the library imported through it as ``Faulty``.
    ${url} =    Start Fault Proxy    seed=${SEED}    rate=${RATE}
    VAR    ${PROXY_URL}    ${url}    scope=SUITE
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    api_prefix=%{HUB_API_PREFIX}    timeout=2 min
    ...    AS    Faulty
    Set Library Search Order    Faulty

Clean Up And Stop Proxy
    [Documentation]    Whatever a failed test left, deleted through the faults too.
    Run Keyword And Continue On Failure    Faulty.Delete Created Resources
    Stop Fault Proxy

Fresh Name
    [Documentation]    A name no other run uses: ``prefix_`` and 8 random letters.
    [Arguments]    ${prefix}
    ${suffix} =    Generate Random String    8    [LOWER]
    RETURN    ${prefix}_${suffix}

Seed Round
    [Documentation]    One round of the seed scenario through the faults.
    [Arguments]    ${round}
    ${ns} =    Fresh Name    seed${round}
    Create Namespace    ${ns}    wait=False
    Wait For All Tasks    scope=mine
    Namespace Should Exist    ${ns}
    FOR    ${name}    IN    collection1    collection2    collection3
        Upload Collection    ${ns}    ${name}    wait=False
    END
    Wait For All Tasks    scope=mine
    FOR    ${name}    IN    collection1    collection2    collection3
        Collection Should Exist    ${ns}    ${name}    1.0.0    repository=staging
    END
    Approve Collection    ${ns}    collection1
    Collection Should Exist    ${ns}    collection1    1.0.0    repository=published
    ${task} =    Delete Collection    ${ns}    collection1    wait=False
    ${done} =    Wait For Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Collection Should Not Exist    ${ns}    collection1
    Delete Collection    ${ns}    collection2    repository=staging
    Delete Collection    ${ns}    collection3    repository=staging
    Delete Namespace    ${ns}
