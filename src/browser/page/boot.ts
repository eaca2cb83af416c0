// The volunteer page's first script (served with a Subresource Integrity digest, as is the program it loads): it
// loads the program with its digest, so a bundle altered anywhere between the build and the browser does not run,
// and says so instead of leaving a page that silently does nothing.
const root = document.getElementById('boot-message')
const program = document.querySelector<HTMLMetaElement>('meta[name="pogs-program"]')
if (program === null || root === null) throw new Error('volunteer page is incomplete')
const script = document.createElement('script')
script.type = 'module'
script.src = program.content
script.integrity = program.dataset.integrity ?? ''
script.crossOrigin = 'anonymous'
script.addEventListener('error', () => {
  root.textContent = 'The volunteer program could not be loaded, or it is not the program this server published ' +
    '(its integrity check failed). Nothing was computed. Reload the page; if this persists, tell the project.'
  root.className = 'refused'
})
document.head.append(script)
