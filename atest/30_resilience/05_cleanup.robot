*** Settings ***
Documentation       The library records what it creates; Delete Created Resources removes it in
...                 dependency order (collections before namespaces, distributions before
...                 repositories before remotes), waiting for each deletion task, and the hub
...                 is left as it was found (namespace, collection, repository, remote and
...                 distribution lists read through the API before and after).
...                 The hub is shared: entries that other people changed meanwhile are logged;
...                 with ``STRICT:True`` (a hub nobody else uses) the lists must be equal.
Library             Collections
Library             String
Library             HubTaskLibrary    timeout=1 min    AS    Hub
Library             ../tools/HubProbe.py
Test Tags           resilience    cleanup


*** Variables ***
${STRICT}       ${False}
# The order Delete Created Resources deletes in.
@{DELETION_ORDER}       collection    distribution    repository    remote    namespace


*** Test Cases ***
Delete Created Resources Leaves The Hub As It Was Found
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${token}    cl_${suffix}
    ${before} =    Get Hub Inventory
    Hub.Create Namespace    ${token}
    Hub.Upload Collection    ${token}    base    1.0.0
    Hub.Upload Collection    ${token}    app    1.0.0    wait=False
    Hub.Upload Collection    ${token}    app    1.1.0    wait=False
    Hub.Wait For All Tasks    scope=mine
    Hub.Approve Collection    ${token}    base    1.0.0
    Hub.Approve Collection    ${token}    app    1.1.0
    Hub.Create Remote    ${token}_remote    http://127.0.0.1:9/api/
    Hub.Create Repository    ${token}_repo    remote=${token}_remote
    Hub.Create Distribution    ${token}_dist    ${token}_repo
    ${created} =    Hub.Get Created Resources
    Length Should Be    ${created}    7
    ${during} =    Get Hub Inventory
    List Should Contain Value    ${during}[namespaces]    ${token}
    List Should Contain Value    ${during}[repositories]    ${token}_repo
    ${deleted} =    Hub.Delete Created Resources
    Log    ${deleted}
    Should Be Equal    ${deleted}[0]    collection ${token}.app 1.1.0
    Should Be Equal    ${deleted}[-1]    namespace ${token}
    ${kinds} =    Evaluate    [d.split()[0] for d in $deleted]
    ${order} =    Evaluate    sorted($kinds, key=$DELETION_ORDER.index)
    Lists Should Be Equal    ${kinds}    ${order}
    ${left} =    Hub.Get Created Resources
    Should Be Empty    ${left}
    ${after} =    Get Hub Inventory
    Inventory Should Not Mention    ${after}    ${token}
    Inventories Should Match    ${before}    ${after}
    [Teardown]    Run Keyword If Test Failed    Hub.Delete Created Resources

Already Deleted Things Are Skipped
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${ns}    cl2_${suffix}
    Hub.Create Namespace    ${ns}
    Hub.Upload Collection    ${ns}    gone
    Hub.Delete Collection    ${ns}    gone    repository=staging
    Hub.Create Namespace    ${ns}_second
    Hub.Delete Namespace    ${ns}_second
    ${deleted} =    Hub.Delete Created Resources
    Should Be Equal    ${deleted}    ${{["namespace ${ns}"]}}
    Hub Should Hold Nothing Named    ${ns}    ${ns}    everything=${True}


*** Keywords ***
Inventories Should Match
    [Documentation]    Fails naming what is gone from or new in ``after`` compared with ``before``.
    [Arguments]    ${before}    ${after}
    FOR    ${kind}    IN    @{before}
        ${gone} =    Evaluate    sorted(set($before[$kind]) - set($after[$kind]))
        ${new} =    Evaluate    sorted(set($after[$kind]) - set($before[$kind]))
        IF    $gone or $new
            Log    ${kind} changed meanwhile (other users of the hub?): gone ${gone}, new ${new}
            ...    INFO
        END
        IF    ${STRICT}    Lists Should Be Equal    ${before}[${kind}]    ${after}[${kind}]
    END
