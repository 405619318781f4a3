// Cancelling a run or a queued run: a button, a confirmation, then the API's cancel. A queued run
// never starts; a running one starts no new task, aborts those in flight and ends interrupted (the
// next run completes what it left). The server refuses it without the operator role: the
// refusal is shown in its words.
import {post} from './api.js';
import {errorBox, h} from './dom.js';

/**
 * @param what how the confirmation names it ("run 12", "queued run 3")
 * @param path the API's cancel path (/runs/12/cancel, /queue/3/cancel)
 * @param done called after the server took the cancel
 * @param shown where a refusal is shown
 */
export function cancelButton({id, what, path, running, done, shown}) {
  const dialog = h('dialog', {class: 'cancel-dialog'});
  const button = h('button', {type: 'button', class: 'danger', id, dataset: {cancels: path}}, 'Cancel');
  button.addEventListener('click', () => {
    dialog.replaceChildren(h('form', {method: 'dialog'},
      h('h2', {}, `Cancel ${what}?`),
      h('p', {}, running
        ? 'Its tasks in flight are aborted and nothing new starts; it ends interrupted, and the partitions it did not build stay as they are for a later run.'
        : 'It leaves the queue and never starts.'),
      h('div', {class: 'dialog-buttons'},
        h('button', {value: 'keep', class: 'confirm-keep'}, 'Keep it'),
        h('button', {value: 'cancel', class: 'confirm-cancel-run primary'}, `Cancel ${what}`))));
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'cancel') return;
    button.disabled = true;
    try {
      await post(path);
      done();
    } catch (error) {
      button.disabled = false;
      if (shown) shown.replaceChildren(errorBox(error));
    }
  });
  return h('span', {class: 'cancel'}, button, dialog);
}
